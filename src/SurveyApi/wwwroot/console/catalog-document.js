// Catalog → "Văn bản": a unit's document header (units[].document in the catalog: cơ quan chủ quản, cơ quan ban hành,
// ký hiệu, địa danh, người ký, nơi nhận). The form edits the draft like every other catalog form (saved with the
// catalog, previewed, confirmed and audited there); beside it the header the unit's reports would carry, resolved by the
// server over the draft (POST /api/admin/catalog/document-header), showing which items come from an ancestor or from
// the server's configuration.
import { t } from './i18n.js';
import { el, unitTree } from './format.js';
import { send } from './api.js';

const $ = id => document.getElementById(id);
const TEXTS = [['parentBody', 200], ['issuingBody', 200], ['symbol', 30], ['place', 100], ['signerAuthority', 100], ['signerTitle', 200], ['signerName', 200]];
const SYMBOL = /^[\p{L}\p{N}][\p{L}\p{N}.-]*$/u;
const MAX_RECIPIENTS = 20;
let draft = null;
let run = 0;

const units = () => Array.isArray(draft?.units) ? draft.units.filter(u => u && typeof u === 'object' && typeof u.id === 'string') : [];
const chosen = () => units().find(u => u.id === $('doc-unit').value);

function fillForm() {
  const doc = chosen()?.document ?? {};
  for (const [name] of TEXTS) $('doc-' + name).value = doc[name] ?? '';
  $('doc-recipients').value = (doc.recipients ?? []).join('\n');
  for (const node of $('doc-form').querySelectorAll('span.error')) node.textContent = '';
  for (const node of $('doc-form').querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
}

/** The form as a document object (empty items left out) and its problems per control id. */
function readForm() {
  const doc = {}, errors = {};
  for (const [name, max] of TEXTS) {
    const v = $('doc-' + name).value.trim().normalize('NFC');
    if (v.length > max) errors['doc-' + name] = t('catalog.err.long', { n: max });
    else if (name === 'symbol' && v && !SYMBOL.test(v)) errors['doc-symbol'] = t('catalog.doc.err.symbol');
    if (v) doc[name] = v;
  }
  const recipients = $('doc-recipients').value.split('\n').map(r => r.trim().normalize('NFC')).filter(Boolean);
  if (recipients.length > MAX_RECIPIENTS) errors['doc-recipients'] = t('catalog.doc.err.recipients', { n: MAX_RECIPIENTS });
  else if (recipients.some(r => r.length > 200)) errors['doc-recipients'] = t('catalog.err.long', { n: 200 });
  if (recipients.length) doc.recipients = recipients;
  return { doc, errors };
}

function withDocument(doc) {
  const next = structuredClone(draft);
  next.units = next.units.map(u => u?.id !== $('doc-unit').value ? u : (() => {
    const { document: _, ...rest } = u;
    return Object.keys(doc).length ? { ...rest, document: doc } : rest;
  })());
  return next;
}

async function showResolved() {
  const unit = chosen();
  if (!unit) return;
  const mine = ++run;
  const { doc } = readForm();
  const response = await send('POST', `/api/admin/catalog/document-header?unitId=${encodeURIComponent(unit.id)}`, withDocument(doc));
  if (mine !== run) return;
  if (!response.ok) { $('doc-resolved').replaceChildren(el('p', { class: 'error', text: response.problem })); return; }
  const { header, from } = response.data;
  const nameOf = id => units().find(u => u.id === id)?.name ?? id;
  const source = key => from[key] === null ? t('catalog.doc.fromConfig') : from[key] === unit.id ? t('catalog.doc.own') : t('catalog.doc.inherited', { name: nameOf(from[key]) });
  const row = (key, value) => el('tr', {}, el('th', { scope: 'row', text: t('catalog.doc.' + key) }), el('td', { text: value || '–' }), el('td', { class: 'muted', text: source(key) }));
  $('doc-resolved').replaceChildren(el('table', { id: 'doc-resolved-table' },
    el('caption', { text: t('catalog.doc.resolved', { name: unit.name }) }),
    el('thead', {}, el('tr', {}, ['catalog.doc.item', 'catalog.doc.value', 'catalog.doc.source'].map(k => el('th', { scope: 'col', text: t(k) })))),
    el('tbody', {}, ...TEXTS.map(([key]) => row(key, key === 'symbol' ? `Số: …/${header.symbol}` : header[key])),
      row('recipients', header.recipients.join(' · ')))));
}

function renderUnits() {
  const keep = $('doc-unit').value;
  $('doc-unit').replaceChildren(...unitTree(units()).map(({ unit, depth }) =>
    el('option', { value: unit.id, selected: unit.id === keep, text: '\u2003'.repeat(depth) + unit.name })));
  fillForm();
  showResolved();
}

document.addEventListener('catalog:draft', event => { draft = event.detail; renderUnits(); });
$('doc-unit').addEventListener('change', () => { fillForm(); showResolved(); });
$('doc-form').addEventListener('input', () => showResolved());
$('doc-form').addEventListener('submit', event => {
  event.preventDefault();
  const { doc, errors } = readForm();
  for (const node of $('doc-form').querySelectorAll('span.error')) node.textContent = '';
  for (const node of $('doc-form').querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  for (const [id, message] of Object.entries(errors)) { $(id + '-error').textContent = message; $(id).setAttribute('aria-invalid', 'true'); }
  if (Object.keys(errors).length) { $('doc-form').querySelector('[aria-invalid]').focus(); return; }
  document.dispatchEvent(new CustomEvent('catalog:edit', { detail: { draft: withDocument(doc), message: t('catalog.doc.applied', { name: chosen().name }) } }));
});
