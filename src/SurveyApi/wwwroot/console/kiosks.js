// Kiosk tablets: state per counter (online = heartbeat within 2 minutes), create with a large pairing code and a QR of
// the kiosk address, rename, move to another counter, revoke. The list refreshes itself every 10 s.
import { catalog, confirmAddress, me } from './nav.js';
import { t } from './i18n.js';
import { count, el, subtree, vnTime } from './format.js';
import { getJson, send } from './api.js';

const result = document.getElementById('result');
const scope = me.role === 'admin' ? null : subtree(catalog.units, me.unitId);
const counters = catalog.counters.filter(c => !scope || scope.has(c.unitId));
const unitName = id => catalog.units.find(u => u.id === id)?.name ?? id;
const counterName = id => catalog.counters.find(c => c.id === id)?.name ?? id;
let editing = false;

function counterSelect(id, selected) {
  const groups = new Map();
  for (const c of counters) { if (!groups.has(c.unitId)) groups.set(c.unitId, []); groups.get(c.unitId).push(c); }
  return el('select', { id }, [...groups].map(([unit, list]) =>
    el('optgroup', { label: unitName(unit) }, list.map(c => el('option', { value: c.id, selected: c.id === selected, text: c.name })))));
}

function stateText(d) {
  if (d.state === 'revoked') return [t('kiosks.revoked'), ''];
  if (d.state === 'waiting') return [t('kiosks.waiting'), ''];
  if (d.online) return [t('kiosks.online'), 'online'];
  return [d.lastSeenAt ? t('kiosks.offline') : t('kiosks.neverSeen'), 'offline'];
}

async function act(promise, okText) {
  const response = await promise;
  editing = false;
  if (!response.ok) { result.replaceChildren(el('p', { class: 'error', role: 'alert', text: response.problem })); return; }
  result.replaceChildren(el('p', { class: 'notice', text: okText }));
  await refresh();
}

function editor(d, cell) {
  editing = true;
  const name = el('input', { id: `rename-${d.id}`, value: d.name, maxlength: '100' });
  const move = counterSelect(`move-${d.id}`, d.counterId);
  cell.replaceChildren(el('div', { class: 'row' },
    el('div', {}, el('label', { for: name.id, text: t('kiosks.name') }), name),
    el('div', {}, el('label', { for: move.id, text: t('kiosks.moveTo') }), move),
    el('button', { type: 'button', text: t('staff.save'),
      onclick: () => act(send('PATCH', `/api/admin/devices/${d.id}`, { name: name.value, counterId: move.value }), t('kiosks.saved', { name: name.value })) }),
    el('button', { type: 'button', class: 'secondary', text: t('kiosks.cancel'), onclick: () => { editing = false; refresh(); } })));
  name.focus();
}

function row(d) {
  const [text, cls] = stateText(d);
  const actions = el('td', { class: 'actions' });
  if (d.state !== 'revoked') {
    actions.append(
      el('button', { type: 'button', class: 'secondary', text: t('kiosks.edit'), 'aria-label': `${t('kiosks.edit')} ${d.name}`, onclick: () => editor(d, actions) }),
      el('button', { type: 'button', class: 'danger', text: t('kiosks.revoke'), 'aria-label': `${t('kiosks.revoke')} ${d.name}`,
        onclick: () => act(send('DELETE', `/api/admin/devices/${d.id}`), t('kiosks.revokedDone', { name: d.name })) }));
  }
  return el('tr', { 'data-device': d.id, 'data-name': d.name },
    el('td', { text: unitName(d.unitId) }), el('td', { text: counterName(d.counterId) }), el('td', { text: d.name }),
    el('td', { class: 'state ' + cls, text }), el('td', { class: 'last-seen', text: vnTime(d.lastSeenAt) }),
    el('td', { class: 'num', text: d.pending === null ? '–' : count(d.pending) }), el('td', { text: d.pageVersion ?? '–' }), actions);
}

async function refresh() {
  if (editing) return;
  const devices = await getJson('/api/admin/devices');
  // Per unit and counter, as the hall is laid out; revoked tablets last.
  devices.sort((a, b) => (a.state === 'revoked') - (b.state === 'revoked') || unitName(a.unitId).localeCompare(unitName(b.unitId), 'vi')
    || counterName(a.counterId).localeCompare(counterName(b.counterId), 'vi') || a.name.localeCompare(b.name, 'vi'));
  document.getElementById('devices').replaceChildren(...devices.map(row));
}

document.getElementById('counter').replaceWith(counterSelect('counter'));
document.getElementById('create').addEventListener('submit', async event => {
  event.preventDefault();
  if (!confirmAddress(t('address.pairing'))) return;
  const name = document.getElementById('name');
  const response = await send('POST', '/api/admin/devices', { counterId: document.getElementById('counter').value, name: name.value.trim() });
  const error = document.getElementById('create-error');
  if (!response.ok) { error.textContent = response.problem; return; }
  error.textContent = '';
  name.value = '';
  const d = response.data;
  document.getElementById('pairing-code').textContent = d.pairingCode;
  const qr = document.getElementById('pairing-qr');
  qr.src = d.pairingQr;
  qr.alt = t('kiosks.qrAlt', { code: d.pairingCode });
  document.getElementById('pairing-url').textContent = d.pairingUrl;
  document.getElementById('pairing-expires').textContent = t('kiosks.expires', { at: vnTime(d.pairingExpiresAt), counter: counterName(d.counterId) });
  document.getElementById('pairing').hidden = false;
  await refresh();
});

setInterval(() => refresh().catch(() => {}), 10_000);
refresh().catch(e => result.replaceChildren(el('p', { class: 'error', text: t('error.load', { message: e.message }) })));
