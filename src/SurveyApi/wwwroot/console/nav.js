// The header of every staff page: who is signed in, what their role may open, language, sign-out.
import { lang, switchLanguage, t, translate } from './i18n.js';
import { el } from './format.js';

const links = [
  { href: '/', key: 'nav.start', roles: ['admin', 'reporter', 'supervisor'] },
  { href: '/board', key: 'nav.board', roles: ['admin', 'reporter', 'supervisor'] },
  { href: '/reports', key: 'nav.reports', roles: ['admin', 'reporter', 'supervisor'] },
  { href: '/admin/kiosks', key: 'nav.kiosks', roles: ['admin', 'supervisor'] },
  { href: '/admin/posters', key: 'nav.posters', roles: ['admin', 'supervisor'] },
  { href: '/admin/feedback', key: 'nav.feedback', roles: ['admin', 'supervisor'] },
  { href: '/admin/staff', key: 'nav.staff', roles: ['admin'] },
  { href: '/admin/catalog', key: 'nav.catalog', roles: ['admin'] },
  { href: '/admin/audit', key: 'nav.audit', roles: ['admin'] },
];

async function who() {
  const response = await fetch('/api/me', { headers: { accept: 'application/json' } });
  return response.ok ? response.json() : null;
}

const [me, catalog] = await Promise.all([who(), fetch('/api/catalog').then(r => r.json())]);
// The address QR codes and links carry (GET /api/public-address): while a phone cannot reach it, every page says so.
const publicAddress = me ? await fetch('/api/public-address', { headers: { accept: 'application/json' } }).then(r => r.ok ? r.json() : null).catch(() => null) : null;
export { me, catalog, publicAddress };

/** Asks before printing a QR code that no phone can open; true when the address is reachable or the user goes on. */
export function confirmAddress(what) {
  return !publicAddress || publicAddress.reachable || window.confirm(t('address.confirm', { what, url: publicAddress.url }));
}

export function showAddressBanner(state = publicAddress) {
  document.getElementById('address-banner')?.remove();
  if (!state || state.reachable) return;
  const how = me.role !== 'admin' ? t('address.howOthers')
    : state.editable ? t('address.howAdmin') : t('address.howConfigured');
  const banner = el('div', { id: 'address-banner', class: 'notice warn', role: 'note' },
    el('p', {}, el('strong', { text: t('address.missing') }), ' ', t('address.current', { url: state.url })),
    el('p', {}, how, ' ', me.role === 'admin' && state.editable && location.pathname !== '/admin/posters'
      ? el('a', { href: '/admin/posters#public-address', text: t('address.link') }) : ''));
  document.getElementById('main')?.prepend(banner);
}

function header() {
  const bar = el('div', { class: 'bar' }, el('a', { class: 'brand', href: '/' }, 'ParSurvey'));
  if (me) {
    const items = links.filter(l => l.roles.includes(me.role)).map(l =>
      el('li', {}, el('a', { href: l.href, 'aria-current': location.pathname === l.href ? 'page' : null, text: t(l.key) })));
    bar.append(el('nav', { 'aria-label': t('nav.label') }, el('ul', {}, items)));
    const unit = me.unitId ? catalog.units.find(u => u.id === me.unitId)?.name ?? me.unitId : null;
    bar.append(el('span', { class: 'who', id: 'signed-in-as' },
      t('nav.signedIn', { name: me.displayName, email: me.email, role: t('role.' + me.role) }) + (unit ? ` · ${unit}` : '')));
  }
  bar.append(el('button', { type: 'button', class: 'lang', lang: lang === 'vi' ? 'en' : 'vi', onclick: switchLanguage }, lang === 'vi' ? 'English' : 'Tiếng Việt'));
  if (me) {
    bar.append(el('form', { method: 'post', action: '/logout' }, el('button', { type: 'submit', id: 'sign-out' }, t('nav.signOut'))));
  } else {
    bar.append(el('a', { class: 'signin', href: '/login?returnUrl=' + encodeURIComponent(location.pathname) }, t('nav.signIn')));
  }
  return bar;
}

const slot = document.getElementById('console-header');
slot.className = 'console-header';
slot.replaceChildren(header());
translate();
showAddressBanner();
