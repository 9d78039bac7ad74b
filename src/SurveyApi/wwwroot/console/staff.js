// Staff accounts: list, add (first password shown once, or a 72-hour invitation link), disable/enable, reset the
// password, change role and unit; personal API tokens for scripts.
import { catalog, me } from './nav.js';
import { t } from './i18n.js';
import { el, onSubmitOnce, unitOptions, vnTime } from './format.js';
import { getJson, send } from './api.js';

const result = document.getElementById('result');
const unitName = id => id ? catalog.units.find(u => u.id === id)?.name ?? id : '–';
let accounts = [];

function announce(...children) {
  result.replaceChildren(el('div', { class: 'notice' }, ...children));
  result.focus?.();
}

function secretNotice(text, secret, id) {
  announce(el('p', { text }), el('p', { class: 'secret', id }, secret), el('p', { class: 'muted', text: t('staff.onlyOnce') }));
}

function roleSelect(id, value) {
  return el('select', { id }, ['supervisor', 'reporter', 'admin'].map(r => el('option', { value: r, selected: r === value, text: t('role.' + r) })));
}

function stateOf(a) {
  if (a.disabled) return t('staff.disabled');
  if (a.lockedUntil) return t('staff.lockedUntil', { time: vnTime(a.lockedUntil) });
  return a.mustChangePassword ? t('staff.mustChange') : t('staff.active');
}

async function act(promise, okText) {
  const response = await promise;
  if (!response.ok) { result.replaceChildren(el('p', { class: 'error', role: 'alert', text: response.problem })); return null; }
  if (okText) announce(el('p', { text: okText }));
  await refresh();
  return response;
}

function scopeEditor(a, cell) {
  const role = roleSelect(`scope-role-${a.id}`, a.role);
  const unit = el('select', { id: `scope-unit-${a.id}` }, el('option', { value: '', text: '–' }), unitOptions(catalog.units, a.unitId));
  const save = el('button', { type: 'button', text: t('staff.save') });
  save.addEventListener('click', () => act(send('PUT', `/api/admin/staff/${a.id}/scope`, { role: role.value, unitId: role.value === 'supervisor' ? unit.value : null }),
    t('staff.scopeChanged', { email: a.email })));
  cell.replaceChildren(el('div', { class: 'row' },
    el('div', {}, el('label', { for: role.id, text: t('staff.role') }), role),
    el('div', {}, el('label', { for: unit.id, text: t('staff.unit') }), unit), save));
}

function row(a) {
  const actions = el('td', { class: 'actions' });
  const self = a.email === me.email;
  actions.append(
    el('button', { type: 'button', class: 'secondary', disabled: self && !a.disabled, text: a.disabled ? t('staff.enable') : t('staff.disable'),
      'aria-label': `${a.disabled ? t('staff.enable') : t('staff.disable')} ${a.email}`,
      onclick: () => act(send('POST', `/api/admin/staff/${a.id}/${a.disabled ? 'enable' : 'disable'}`), t(a.disabled ? 'staff.enabled' : 'staff.disabledDone', { email: a.email })) }),
    a.lockedUntil ? el('button', { type: 'button', class: 'secondary', text: t('staff.unlock'), 'aria-label': `${t('staff.unlock')} ${a.email}`,
      onclick: () => act(send('POST', `/api/admin/staff/${a.id}/unlock`), t('staff.unlocked', { email: a.email })) }) : null,
    el('button', { type: 'button', class: 'secondary', text: t('staff.reset'), 'aria-label': `${t('staff.reset')} ${a.email}`,
      onclick: async () => {
        const response = await act(send('POST', `/api/admin/staff/${a.id}/password`));
        if (response) secretNotice(t('staff.resetDone', { email: a.email }), response.data.firstPassword, 'first-password');
      } }),
    el('button', { type: 'button', class: 'secondary', disabled: self, text: t('staff.scope'), 'aria-label': `${t('staff.scope')} ${a.email}`,
      onclick: () => scopeEditor(a, actions) }),
    el('button', { type: 'button', class: 'secondary', text: t('staff.sessions'), 'aria-label': `${t('staff.sessions')} ${a.email}`,
      onclick: () => showSessions(a) }));
  return el('tr', { 'data-email': a.email },
    el('td', { text: a.email }), el('td', { text: a.displayName }), el('td', { text: t('role.' + a.role) }),
    el('td', { text: unitName(a.unitId) }), el('td', { text: stateOf(a) }), actions);
}

// One account's open sessions (a lost phone, a shared PC left signed in): each can be ended, or all at once.
let sessionsOf = null;

async function showSessions(account) {
  sessionsOf = account;
  const panel = document.getElementById('sessions-panel');
  document.getElementById('sessions-title').textContent = t('staff.sessionsOf', { email: account.email });
  const sessions = await getJson(`/api/admin/staff/${account.id}/sessions`);
  document.getElementById('sessions').replaceChildren(...(sessions.length ? sessions.map(s => el('tr', { 'data-session': s.id },
    el('td', { text: vnTime(s.createdAt) }), el('td', { class: 'last-seen', text: vnTime(s.lastSeenAt) }),
    el('td', { text: (s.client ?? '–') + (s.current ? ' ' + t('staff.currentSession') : '') }),
    el('td', {}, el('button', { type: 'button', class: 'danger', text: t('staff.endSession'), 'aria-label': `${t('staff.endSession')} ${vnTime(s.createdAt)}`,
      onclick: () => endSessions(send('DELETE', `/api/admin/staff/${account.id}/sessions/${s.id}`), t('staff.sessionEnded', { email: account.email })) }))))
    : [el('tr', {}, el('td', { colspan: '4', class: 'muted', text: t('staff.noSessions') }))]));
  document.getElementById('end-all').disabled = sessions.length === 0;
  panel.hidden = false;
  panel.scrollIntoView({ block: 'nearest' });
}

async function endSessions(promise, okText) {
  const response = await promise;
  if (!response.ok) { result.replaceChildren(el('p', { class: 'error', role: 'alert', text: response.problem })); return; }
  announce(el('p', { text: typeof okText === 'function' ? okText(response.data) : okText }));
  await showSessions(sessionsOf);
}

document.getElementById('end-all').addEventListener('click', () => endSessions(send('DELETE', `/api/admin/staff/${sessionsOf.id}/sessions`),
  data => t('staff.allEnded', { n: data.ended, email: sessionsOf.email })));
document.getElementById('close-sessions').addEventListener('click', () => { document.getElementById('sessions-panel').hidden = true; });

async function refresh() {
  accounts = await getJson('/api/admin/staff');
  document.getElementById('accounts').replaceChildren(...accounts.map(row));
  document.getElementById('token-staff').replaceChildren(...accounts.filter(a => !a.disabled).map(a => el('option', { value: a.id, selected: a.email === me.email, text: a.email })));
  await refreshTokens();
}

async function refreshTokens() {
  const tokens = await getJson('/api/admin/tokens');
  const email = id => accounts.find(a => a.id === id)?.email ?? id;
  document.getElementById('tokens').replaceChildren(...tokens.map(k => el('tr', {},
    el('td', { text: k.name }), el('td', { text: email(k.staffId) }), el('td', { text: vnTime(k.createdAt) }),
    el('td', { text: k.revokedAt ? t('tokens.revoked', { at: vnTime(k.revokedAt) }) : vnTime(k.lastUsedAt) }),
    el('td', {}, k.revokedAt ? '' : el('button', { type: 'button', class: 'danger', text: t('tokens.revoke'), 'aria-label': `${t('tokens.revoke')} ${k.name}`,
      onclick: () => act(send('DELETE', `/api/admin/tokens/${k.id}`), t('tokens.revokedDone', { name: k.name })) })))));
}

const role = document.getElementById('role');
const unitBox = document.getElementById('unit-box');
document.getElementById('unitId').replaceChildren(...unitOptions(catalog.units, null));
role.addEventListener('change', () => { unitBox.hidden = role.value !== 'supervisor'; });

onSubmitOnce(document.getElementById('add'), async event => {
  const form = event.target;
  const invite = form.how.value === 'invite';
  const body = { email: form.email.value.trim(), displayName: form.displayName.value.trim(), role: role.value,
    unitId: role.value === 'supervisor' ? form.unitId.value : null, invite };
  const response = await send('POST', '/api/admin/staff', body);
  const error = document.getElementById('add-error');
  if (!response.ok) { error.textContent = response.problem; return; }
  error.textContent = '';
  form.reset();
  unitBox.hidden = false;
  const created = response.data;
  if (invite) secretNotice(t('staff.invited', { email: created.email }), created.invitationUrl, 'invitation-url');
  else secretNotice(t('staff.created', { email: created.email }), created.firstPassword, 'first-password');
  await refresh();
});

onSubmitOnce(document.getElementById('token-form'), async () => {
  const response = await send('POST', '/api/admin/tokens', { staffId: document.getElementById('token-staff').value, name: document.getElementById('token-name').value.trim() });
  const error = document.getElementById('token-error');
  if (!response.ok) { error.textContent = response.problem; return; }
  error.textContent = '';
  document.getElementById('token-name').value = '';
  secretNotice(t('tokens.issued', { name: response.data.name }), response.data.token, 'api-token');
  await refreshTokens();
});

refresh().catch(e => result.replaceChildren(el('p', { class: 'error', text: t('error.load', { message: e.message }) })));
