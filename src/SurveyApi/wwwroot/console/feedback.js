// Citizens' feedback (PAKN) in the caller's units: the list, and one item's detail with the step its status allows.
import { catalog, me } from './nav.js';
import { t } from './i18n.js';
import { el, date, vnTime, subtree, unitTree } from './format.js';
import { getJson, send } from './api.js';

const tbody = document.querySelector('#list tbody');
const detail = document.getElementById('detail');
const message = document.getElementById('message');
const statusFilter = document.getElementById('status');
const scope = me.role === 'admin' ? null : subtree(catalog.units, me.unitId);
const units = unitTree(catalog.units).filter(({ unit }) => !scope || scope.has(unit.id));

const statusText = s => t(`feedback.s.${s}`);

async function load() {
  const query = statusFilter.value ? `?status=${statusFilter.value}` : '';
  const items = await getJson('/api/feedback' + query);
  tbody.replaceChildren(...items.map(item => el('tr', { class: item.overdue ? 'overdue' : null },
    el('th', { scope: 'row' }, el('button', { type: 'button', class: 'link', text: item.code, onclick: () => open(item.id) })),
    el('td', { text: vnTime(item.receivedAt) }),
    el('td', { text: item.unitName }),
    el('td', { text: item.categoryLabel }),
    el('td', { text: statusText(item.status) }),
    el('td', {}, date(item.dueDate), item.overdue ? el('strong', { class: 'status-below', text: ' · ' + t('feedback.overdue') }) : null))));
  if (items.length === 0) tbody.replaceChildren(el('tr', {}, el('td', { colspan: 6, text: t('feedback.none') })));
}

function field(id, label, control) {
  return el('div', { class: 'field' }, el('label', { for: id, text: label }), control);
}

async function open(id) {
  const item = await getJson(`/api/feedback/${id}`);
  const children = [
    el('h2', { id: 'detail-title', text: `${t('feedback.item')} ${item.code}` }),
    el('dl', {},
      el('dt', { text: t('feedback.status') }), el('dd', { id: 'detail-status', text: statusText(item.status) + (item.overdue ? ' · ' + t('feedback.overdue') : '') }),
      el('dt', { text: t('feedback.unit') }), el('dd', { text: item.unitName + (item.counterId ? ` · ${item.counterId}` : '') }),
      el('dt', { text: t('feedback.category') }), el('dd', { text: item.categoryLabel }),
      el('dt', { text: t('feedback.received') }), el('dd', { text: vnTime(item.receivedAt) }),
      el('dt', { text: t('feedback.due') }), el('dd', { text: date(item.dueDate) }),
      el('dt', { text: t('feedback.text') }), el('dd', { id: 'detail-text', text: item.text }),
      el('dt', { text: t('feedback.contact') }), el('dd', { id: 'detail-contact', text: item.contact ?? t(item.hasContact ? 'feedback.contactHidden' : 'feedback.noContact') }),
      item.answer ? el('dt', { text: t('feedback.answer') }) : null, item.answer ? el('dd', { id: 'detail-answer', text: item.answer }) : null,
      item.closedReason ? el('dt', { text: t('feedback.closeReason') }) : null, item.closedReason ? el('dd', { text: item.closedReason }) : null),
  ];
  const step = async (name, body) => {
    const result = await send('POST', `/api/feedback/${id}/${name}`, body);
    message.textContent = result.ok ? t(`feedback.done.${name}`, { code: item.code }) : result.problem;
    if (result.ok) { await load(); await open(id); }
  };
  if (item.status === 'received' || item.status === 'assigned') {
    const unitSelect = el('select', { id: 'assign-unit' }, units.map(({ unit, depth }) =>
      el('option', { value: unit.id, selected: unit.id === (item.assignedUnitId ?? item.unitId), text: '\u00a0'.repeat(depth * 2) + unit.name })));
    const person = el('input', { id: 'assign-to', value: item.assignedTo ?? '' });
    const answer = el('textarea', { id: 'answer-text', rows: 5 });
    const reason = el('input', { id: 'close-reason' });
    children.push(
      el('form', { class: 'panel', onsubmit: e => { e.preventDefault(); step('assign', { unitId: unitSelect.value, assignedTo: person.value || null }); } },
        el('h3', { text: t('feedback.assign') }), field('assign-unit', t('feedback.unit'), unitSelect), field('assign-to', t('feedback.person'), person),
        el('button', { type: 'submit', text: t('feedback.assign') })),
      el('form', { class: 'panel', onsubmit: e => { e.preventDefault(); step('answer', { text: answer.value }); } },
        el('h3', { text: t('feedback.answer') }), field('answer-text', t('feedback.answerText'), answer),
        el('button', { type: 'submit', text: t('feedback.sendAnswer') })),
      el('form', { class: 'panel', onsubmit: e => { e.preventDefault(); step('close', { reason: reason.value }); } },
        el('h3', { text: t('feedback.close') }), field('close-reason', t('feedback.closeReason'), reason),
        el('button', { type: 'submit', class: 'secondary', text: t('feedback.close') })));
  }
  if (item.status === 'answered') {
    children.push(el('p', {}, el('button', { type: 'button', onclick: () => step('publish'), text: t('feedback.publish') }),
      ' ', el('button', { type: 'button', class: 'secondary', onclick: () => step('close', { reason: t('feedback.notPublished') }), text: t('feedback.closeUnpublished') })));
  }
  detail.replaceChildren(...children);
  detail.hidden = false;
  detail.querySelector('h2').focus?.();
}

/**
 * E-mail for urgent feedback, said plainly: whether an SMTP server is set (else the mails wait) or sending fails, and
 * who would receive the notice — with no recipient configured no mail is even written, whatever the server.
 */
async function mailStatus() {
  const mail = await getJson('/api/notifications/mail');
  const box = document.getElementById('mail-status');
  const lines = [];
  if (!mail.configured) lines.push(t('feedback.mailOff', { n: mail.pending }));
  else if (mail.failed > 0 || (mail.pending > 0 && mail.lastError)) lines.push(t('feedback.mailFailing', { n: mail.pending + mail.failed, error: mail.lastError ?? '' }));
  const noRecipient = !mail.cityOfficeConfigured && mail.unitHeadsConfigured === 0;
  if (noRecipient) lines.push(t('feedback.mailNoRecipients'));
  else if (!mail.configured || lines.length) lines.push(t('feedback.mailRecipients', {
    city: t(mail.cityOfficeConfigured ? 'feedback.mailCityYes' : 'feedback.mailCityNo'), heads: mail.unitHeadsConfigured }));
  box.replaceChildren(...lines.map(line => Object.assign(document.createElement('p'), { textContent: line })));
  box.hidden = lines.length === 0;
}

statusFilter.addEventListener('change', () => load().catch(e => { message.textContent = e.message; }));
await load();
await mailStatus().catch(() => {});
