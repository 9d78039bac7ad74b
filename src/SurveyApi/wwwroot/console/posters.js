// QR posters: per unit in the caller's scope, its counters with their poster, "print all" (A5, one per page), and
// revoking a counter's poster (a lost or defaced one): its QR code stops working at once and the next print gets a new link.
import { catalog, confirmAddress, me, publicAddress, showAddressBanner } from './nav.js';
import { t } from './i18n.js';
import { el, subtree, unitTree, vnTime } from './format.js';
import { getJson, send } from './api.js';

const result = document.getElementById('result');
const scope = me.role === 'admin' ? null : subtree(catalog.units, me.unitId);

function counterItem(counter, poster) {
  const revoke = poster && el('button', { type: 'button', class: 'danger', text: t('posters.revoke'), 'aria-label': `${t('posters.revoke')} ${counter.name}`,
    onclick: async () => {
      const response = await send('DELETE', `/api/qr-links/posters/${poster.id}`);
      if (!response.ok) { result.replaceChildren(el('p', { class: 'error', role: 'alert', text: response.problem })); return; }
      result.replaceChildren(el('p', { class: 'notice', text: t('posters.revoked', { counter: counter.name }) }));
      await render();
    } });
  return el('li', { 'data-counter': counter.id, class: 'poster-item' },
    el('a', { href: `/counters/${encodeURIComponent(counter.id)}/poster`, target: '_blank', text: counter.name }), ' ',
    el('a', { href: `/counters/${encodeURIComponent(counter.id)}/poster.pdf`, class: 'poster-pdf', text: t('posters.pdf'),
      'aria-label': `${t('posters.pdf')} ${counter.name}` }), ' ',
    el('span', { class: 'muted', text: poster ? t('posters.since', { at: vnTime(poster.createdAt), by: poster.createdBy }) : t('posters.none') }), ' ', revoke);
}

async function render() {
  const posters = await getJson('/api/qr-links/posters');
  const current = new Map(posters.filter(p => p.current).map(p => [p.counterId, p]));
  const sections = unitTree(catalog.units).filter(({ unit }) => (!scope || scope.has(unit.id)) && catalog.counters.some(c => c.unitId === unit.id))
    .map(({ unit }) => {
      const counters = catalog.counters.filter(c => c.unitId === unit.id);
      const heading = `posters-${unit.id}`;
      return el('section', { class: 'panel', 'aria-labelledby': heading, 'data-unit': unit.id },
        el('h2', { id: heading, text: unit.name }),
        el('p', {}, el('a', { href: `/admin/posters/print/${encodeURIComponent(unit.id)}`, target: '_blank', class: 'print-all',
          text: t('posters.printAll', { n: counters.length }),
          onclick: event => { if (!confirmAddress(t('address.posters', { unit: unit.name }))) event.preventDefault(); } }), ' ',
          el('a', { href: `/admin/posters/pdf/${encodeURIComponent(unit.id)}`, class: 'print-all-pdf',
            text: t('posters.pdfAll', { n: counters.length }),
            onclick: event => { if (!confirmAddress(t('address.posters', { unit: unit.name }))) event.preventDefault(); } })),
        el('ul', { class: 'plain' }, counters.map(c => counterItem(c, current.get(c.id)))));
    });
  document.getElementById('units').replaceChildren(...sections);
}

// The public address (admins): set here while the configuration does not name it; saved, audited, followed by every server.
function renderAddress(state) {
  const box = document.getElementById('public-address');
  box.hidden = me.role !== 'admin' || !state;
  if (box.hidden) return;
  document.getElementById('address-url').value = state.url;
  document.getElementById('address-url').readOnly = !state.editable;
  document.getElementById('address-save').hidden = !state.editable;
  document.getElementById('address-source').textContent = t('address.source.' + state.source);
}
document.getElementById('address-form').addEventListener('submit', async event => {
  event.preventDefault();
  const input = document.getElementById('address-url');
  const response = await send('PUT', '/api/admin/public-address', { url: input.value.trim() });
  const error = document.getElementById('address-url-error');
  if (!response.ok) {
    error.textContent = response.data?.errors?.url?.join(' ') ?? response.problem;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  error.textContent = '';
  input.removeAttribute('aria-invalid');
  Object.assign(publicAddress, response.data);
  renderAddress(publicAddress);
  showAddressBanner(publicAddress);
  result.replaceChildren(el('p', { class: 'notice', id: 'address-saved', text: t('address.saved', { url: response.data.url }) }));
});
renderAddress(publicAddress);

render().catch(e => result.replaceChildren(el('p', { class: 'error', text: t('error.load', { message: e.message }) })));
