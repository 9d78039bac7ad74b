// Catalog (admin): units as a tree, counters, fields, reasons, scales and targets, edited in forms into a draft. Each
// form is checked here first (messages from i18n); every draft is then previewed by the server
// (POST /api/admin/catalog/preview: what changes and which stored ratings it touches, nothing applied) and saved with
// PUT /api/admin/catalog — with ?confirm=true only once the admin has ticked that the touched ratings are meant.
// The JSON downloads and uploads in the one upload format (GET /api/admin/catalog).
import { catalog as inForce } from './nav.js';
import { lang, t } from './i18n.js';
import { count, el, pct, unitTree } from './format.js';
import { getJson, send } from './api.js';
import './catalog-document.js'; // the "Văn bản" panel, listening before the first draft is rendered

const $ = id => document.getElementById(id);
const ID = /^[a-z0-9-]{1,64}$/;
const MAX_NAME = 200;
const GROUPS = ['satisfied', 'neutral', 'notSatisfied'];
let saved = null; // the catalog in force
let draft = null; // the working copy
let preview = null; // the server's preview of the draft
let previewRun = 0;

/** The server's messages are "Vietnamese / English": the half in the page's language. */
function local(message) {
  const i = message.indexOf(' / ');
  return i < 0 ? message : lang === 'en' ? message.slice(i + 3) : message.slice(0, i);
}

// An uploaded draft may be anything until the server has checked it: lists that are not lists show as empty.
const items = list => Array.isArray(draft?.[list]) ? draft[list].filter(x => x && typeof x === 'object') : [];
const nameOf = (list, id) => {
  const item = [...(draft?.[list] ?? []), ...(saved?.[list] ?? [])].find(x => (x.id ?? x.code) === id);
  return item ? (item.name ?? item.label ?? id) : id;
};
const percentText = share => share === null || share === undefined ? t('catalog.defaultTarget') : pct(share);
const percentInput = share => share === null || share === undefined ? '' : String(Number((share * 100).toFixed(4))).replace('.', ',');

function parsePercent(text) {
  const s = text.trim().replace(',', '.');
  if (s === '') return { value: null };
  const v = Number(s);
  if (!Number.isFinite(v) || v <= 0 || v > 100) return { error: t('catalog.err.target') };
  return { value: Number((v / 100).toFixed(6)) };
}

function checkName(value, required = true) {
  if (!value) return required ? t('catalog.err.required') : null;
  return value.length > MAX_NAME ? t('catalog.err.long', { n: MAX_NAME }) : null;
}

// ---- the lists and their forms -------------------------------------------------------------------------------------

// The file's own scales, then the built-in ones (3 and 4 levels) that a unit may name without defining them.
const scaleOptions = () => {
  const own = items('scales').map(s => [s.id, `${s.name} (${s.id})`]);
  const builtIn = inForce.scales.filter(s => !own.some(([id]) => id === s.id)).map(s => [s.id, `${s.name} (${s.id}, ${t('catalog.builtIn')})`]);
  return [...own, ...builtIn];
};
const unitChoices = (exclude) => unitTree(items('units')).filter(({ unit }) => !exclude?.has(unit.id))
  .map(({ unit, depth }) => [unit.id, '\u2003'.repeat(depth) + unit.name]);
function subtreeOf(id) {
  const ids = new Set([id]);
  for (let grew = true; grew;) { grew = false; for (const u of items('units')) if (u.parentId && ids.has(u.parentId) && !ids.has(u.id)) { ids.add(u.id); grew = true; } }
  return ids;
}

const specs = [
  { list: 'units', key: 'id', kind: 'unit',
    fields: [{ type: 'id', name: 'id' }, { type: 'text', name: 'name', required: true }, { type: 'text', name: 'nameEn' },
      { type: 'select', name: 'parentId', options: item => unitChoices(item ? subtreeOf(item.id) : null), empty: 'catalog.root' },
      { type: 'select', name: 'scale', options: scaleOptions, empty: 'catalog.inherit' }, { type: 'percent', name: 'target' }],
    rows: () => unitTree(items('units')).map(({ unit, depth }) => ({ item: unit, cells: ['\u2003'.repeat(depth) + unit.name, unit.id,
      unit.scale ?? t('catalog.inherit'), unit.target === undefined || unit.target === null ? t('catalog.inherit') : pct(unit.target)] })),
    headers: ['catalog.field.name', 'catalog.field.id', 'catalog.field.scale', 'catalog.field.target'],
    usedBy: id => [...items('units').filter(u => u.parentId === id).map(u => u.name), ...items('counters').filter(c => c.unitId === id).map(c => c.name)] },
  { list: 'counters', key: 'id', kind: 'counter',
    fields: [{ type: 'id', name: 'id' }, { type: 'select', name: 'unitId', options: () => unitChoices(null) }, { type: 'text', name: 'name', required: true },
      { type: 'text', name: 'nameEn' }, { type: 'checks', name: 'fieldCodes', options: () => items('fields').map(f => [f.code, f.name]) }],
    rows: () => items('counters').map(c => ({ item: c, cells: [c.name, c.id, nameOf('units', c.unitId), (c.fieldCodes ?? []).map(f => nameOf('fields', f)).join(', ')] })),
    headers: ['catalog.field.name', 'catalog.field.id', 'catalog.field.unitId', 'catalog.field.fieldCodes'],
    usedBy: () => [] },
  { list: 'fields', key: 'code', kind: 'field',
    fields: [{ type: 'id', name: 'code' }, { type: 'text', name: 'name', required: true }, { type: 'text', name: 'nameEn' }, { type: 'percent', name: 'target' }],
    rows: () => items('fields').map(f => ({ item: f, cells: [f.name, f.code, percentText(f.target)] })),
    headers: ['catalog.field.name', 'catalog.field.code', 'catalog.field.target'],
    usedBy: code => items('counters').filter(c => (c.fieldCodes ?? []).includes(code)).map(c => c.name) },
  { list: 'reasons', key: 'code', kind: 'reason',
    fields: [{ type: 'id', name: 'code' }, { type: 'text', name: 'label', required: true }, { type: 'text', name: 'labelEn' }],
    rows: () => items('reasons').map(r => ({ item: r, cells: [r.label, r.code, r.labelEn ?? '–'] })),
    headers: ['catalog.field.label', 'catalog.field.code', 'catalog.field.labelEn'],
    usedBy: () => [] },
  { list: 'scales', key: 'id', kind: 'scale',
    fields: [{ type: 'id', name: 'id' }, { type: 'text', name: 'name', required: true }, { type: 'levels', name: 'levels' }],
    rows: () => items('scales').map(s => ({ item: s, cells: [s.name, s.id,
      (s.levels ?? []).map(l => `${l.score} ${l.label} (${t('catalog.group.' + l.group)})`).join(' · ')] })),
    headers: ['catalog.field.name', 'catalog.field.id', 'catalog.field.levels'],
    usedBy: id => [...items('units').filter(u => u.scale === id).map(u => u.name), ...(draft.defaultScale === id ? [t('catalog.defaultScale')] : [])] },
];

function control(spec, field, item) {
  const id = `${spec.list}-${field.name}`;
  const label = t('catalog.field.' + field.name);
  const error = el('span', { class: 'error', id: id + '-error' });
  const value = item?.[field.name];
  let input;
  if (field.type === 'id' || field.type === 'text') {
    input = el('input', { id, value: value ?? '', maxlength: field.type === 'id' ? '64' : String(MAX_NAME), readonly: field.type === 'id' && item ? true : null,
      'aria-describedby': id + '-error', autocomplete: 'off' });
  } else if (field.type === 'percent') {
    input = el('input', { id, value: percentInput(value), inputmode: 'decimal', 'aria-describedby': `${id}-hint ${id}-error` });
    return el('div', {}, el('label', { for: id, text: label }), input, el('span', { class: 'muted', id: id + '-hint', text: t('catalog.targetHint') }), error);
  } else if (field.type === 'select') {
    input = el('select', { id, 'aria-describedby': id + '-error' },
      field.empty ? el('option', { value: '', text: t(field.empty) }) : null,
      field.options(item).map(([v, text]) => el('option', { value: v, selected: v === value, text })));
  } else if (field.type === 'checks') {
    return el('fieldset', { id, 'aria-describedby': id + '-error' }, el('legend', { text: label }),
      field.options().map(([v, text]) => el('label', {}, el('input', { type: 'checkbox', name: id, value: v, checked: (value ?? []).includes(v) }), ' ' + text)),
      error);
  } else if (field.type === 'levels') {
    return levelsEditor(spec, item?.levels ?? [], error);
  }
  return el('div', {}, el('label', { for: id, text: label }), input, error);
}

function levelRow(level, n) {
  const id = `level-${n}`;
  const cell = (name, node) => el('td', {}, node, el('span', { class: 'error', id: `${id}-${name}-error` }));
  return el('tr', { class: 'level' },
    cell('score', el('input', { id: `${id}-score`, type: 'number', step: '1', value: level?.score ?? '', 'aria-label': t('catalog.level.score'), 'aria-describedby': `${id}-score-error`, class: 'score' })),
    cell('label', el('input', { id: `${id}-label`, value: level?.label ?? '', 'aria-label': t('catalog.level.label'), 'aria-describedby': `${id}-label-error`, class: 'label' })),
    cell('labelEn', el('input', { id: `${id}-labelEn`, value: level?.labelEn ?? '', 'aria-label': t('catalog.level.labelEn'), 'aria-describedby': `${id}-labelEn-error`, class: 'labelEn' })),
    el('td', {}, el('select', { class: 'group', 'aria-label': t('catalog.level.group') },
      GROUPS.map(g => el('option', { value: g, selected: level?.group === g, text: t('catalog.group.' + g) })))),
    el('td', {}, el('button', { type: 'button', class: 'secondary', text: t('catalog.level.remove'), onclick: e => e.target.closest('tr').remove() })));
}

function levelsEditor(spec, levels, error) {
  let n = 0;
  const body = el('tbody', { id: 'levels' }, levels.map(l => levelRow(l, n++)));
  return el('div', { class: 'levels' },
    el('table', {}, el('caption', { text: t('catalog.field.levels') }),
      el('thead', {}, el('tr', {}, ['score', 'label', 'labelEn', 'group'].map(k => el('th', { scope: 'col', text: t('catalog.level.' + k) })),
        el('th', { scope: 'col', text: t('staff.actions') }))), body),
    el('button', { type: 'button', class: 'secondary', text: t('catalog.level.add'), onclick: () => body.append(levelRow(null, n++)) }), error);
}

/** Reads a form into an item in the file's key order, leaving out empty optional keys; errors per control id. */
function readForm(spec, form, index) {
  const errors = {};
  const item = {};
  for (const field of spec.fields) {
    const id = `${spec.list}-${field.name}`;
    if (field.type === 'id') {
      const v = form.querySelector('#' + id).value.trim();
      if (!ID.test(v)) errors[id] = t('catalog.err.id');
      else if (items(spec.list).some((x, i) => i !== index && x[spec.key] === v)) errors[id] = t('catalog.err.duplicate', { id: v });
      item[field.name] = v;
    } else if (field.type === 'text') {
      const v = form.querySelector('#' + id).value.trim().normalize('NFC');
      const problem = checkName(v, !!field.required);
      if (problem) errors[id] = problem;
      if (v) item[field.name] = v;
    } else if (field.type === 'select') {
      const v = form.querySelector('#' + id).value;
      if (v) item[field.name] = v; else if (!field.empty) errors[id] = t('catalog.err.required');
    } else if (field.type === 'percent') {
      const { value, error } = parsePercent(form.querySelector('#' + id).value);
      if (error) errors[id] = error; else if (value !== null) item[field.name] = value;
    } else if (field.type === 'checks') {
      const v = [...form.querySelectorAll(`input[name="${id}"]:checked`)].map(x => x.value);
      if (v.length === 0) errors[id] = t('catalog.err.noField');
      item[field.name] = v;
    } else if (field.type === 'levels') {
      item.levels = [...form.querySelectorAll('tr.level')].map(row => {
        const score = row.querySelector('.score'), label = row.querySelector('.label'), labelEn = row.querySelector('.labelEn');
        if (!Number.isInteger(Number(score.value)) || score.value.trim() === '') errors[score.id] = t('catalog.err.score');
        for (const input of [label, labelEn]) { const p = checkName(input.value.trim()); if (p) errors[input.id] = p; }
        return { score: Number(score.value), label: label.value.trim().normalize('NFC'), labelEn: labelEn.value.trim().normalize('NFC'), group: row.querySelector('.group').value };
      });
      const scores = item.levels.map(l => l.score);
      if (item.levels.length < 2) errors['scales-levels'] = t('catalog.err.levels');
      else if (new Set(scores).size !== scores.length) errors['scales-levels'] = t('catalog.err.scores');
      else if (!item.levels.some(l => l.group === 'satisfied')) errors['scales-levels'] = t('catalog.err.satisfied');
    }
  }
  return { item, errors };
}

function openForm(spec, index) {
  const item = index >= 0 ? items(spec.list)[index] : null;
  const title = item ? t(`catalog.edit.${spec.kind}`, { name: nameOf(spec.list, item[spec.key]) }) : t(`catalog.add.${spec.kind}`);
  const form = el('form', { class: 'panel', id: `form-${spec.list}`, novalidate: true, 'aria-labelledby': `form-${spec.list}-title` },
    el('h3', { id: `form-${spec.list}-title`, text: title }),
    el('div', { class: 'row' }, spec.fields.filter(f => f.type !== 'levels' && f.type !== 'checks').map(f => control(spec, f, item))),
    spec.fields.filter(f => f.type === 'levels' || f.type === 'checks').map(f => control(spec, f, item)),
    el('p', { class: 'error', role: 'alert', id: `form-${spec.list}-error` }),
    el('div', { class: 'actions' }, el('button', { type: 'submit', text: t('catalog.apply') }),
      el('button', { type: 'button', class: 'secondary', text: t('kiosks.cancel'), onclick: () => form.remove() })));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const { item: next, errors } = readForm(spec, form, index);
    for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
    for (const node of form.querySelectorAll('span.error')) node.textContent = '';
    for (const [id, message] of Object.entries(errors)) {
      const errorNode = $(id + '-error');
      if (errorNode) errorNode.textContent = message;
      $(id)?.setAttribute('aria-invalid', 'true');
    }
    const problems = Object.keys(errors).length;
    $(`form-${spec.list}-error`).textContent = problems ? t('catalog.err.fix', { n: problems }) : '';
    if (problems) { form.querySelector('[aria-invalid]')?.focus(); return; }
    draft[spec.list] = [...items(spec.list)];
    if (index >= 0) draft[spec.list][index] = next; else draft[spec.list].push(next);
    changed(t('catalog.applied', { name: next.name ?? next.label }));
  });
  $(`slot-${spec.list}`).replaceChildren(form);
  form.querySelector('input:not([readonly]), select')?.focus();
}

function remove(spec, index) {
  const item = items(spec.list)[index];
  const users = spec.usedBy(item[spec.key]);
  const error = $(`list-${spec.list}-error`);
  if (users.length) { error.textContent = t('catalog.err.inUse', { name: nameOf(spec.list, item[spec.key]), users: users.join(', ') }); return; }
  error.textContent = '';
  draft[spec.list] = items(spec.list).filter((_, i) => i !== index);
  changed(t('catalog.removed', { name: nameOf(spec.list, item[spec.key]) }));
}

function renderLists() {
  $('lists').replaceChildren(...specs.map(spec => {
    const heading = `list-${spec.list}-title`;
    const rows = spec.rows().map(({ item, cells }) => {
      const index = items(spec.list).indexOf(item);
      const name = nameOf(spec.list, item[spec.key]);
      return el('tr', { 'data-id': item[spec.key] }, cells.map((c, i) => el(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, text: c })),
        el('td', { class: 'actions' },
          el('button', { type: 'button', class: 'secondary', text: t('catalog.editButton'), 'aria-label': `${t('catalog.editButton')} ${name}`, onclick: () => openForm(spec, index) }),
          el('button', { type: 'button', class: 'danger', text: t('catalog.removeButton'), 'aria-label': `${t('catalog.removeButton')} ${name}`, onclick: () => remove(spec, index) })));
    });
    return el('section', { class: 'panel', 'aria-labelledby': heading, id: `list-${spec.list}` },
      el('h2', { id: heading, text: t(`catalog.list.${spec.list}`) }),
      el('table', {}, el('thead', {}, el('tr', {}, spec.headers.map(h => el('th', { scope: 'col', text: t(h) })), el('th', { scope: 'col', text: t('staff.actions') }))),
        el('tbody', {}, rows)),
      el('p', { class: 'error', role: 'alert', id: `list-${spec.list}-error` }),
      el('button', { type: 'button', text: t(`catalog.add.${spec.kind}`), onclick: () => openForm(spec, -1) }),
      el('div', { id: `slot-${spec.list}` }));
  }));
}

function renderGeneral() {
  $('catalog-name').value = draft.name ?? '';
  $('demo').checked = !!draft.demo;
  $('default-scale').replaceChildren(el('option', { value: '', text: t('catalog.firstScale') }),
    ...scaleOptions().map(([v, text]) => el('option', { value: v, selected: v === draft.defaultScale, text })));
}

$('general').addEventListener('submit', event => {
  event.preventDefault();
  const name = $('catalog-name').value.trim().normalize('NFC');
  const problem = checkName(name, false);
  $('catalog-name-error').textContent = problem ?? '';
  if (problem) { $('catalog-name').setAttribute('aria-invalid', 'true'); return; }
  $('catalog-name').removeAttribute('aria-invalid');
  const next = { ...draft };
  if (name) next.name = name; else delete next.name;
  next.demo = $('demo').checked;
  if ($('default-scale').value) next.defaultScale = $('default-scale').value; else delete next.defaultScale;
  draft = next;
  changed(t('catalog.appliedGeneral'));
});

// ---- preview, save, download, upload -------------------------------------------------------------------------------

function changed(message) {
  $('result').replaceChildren(el('p', { class: 'notice', text: message }));
  render();
  refreshPreview();
}

function render() {
  renderGeneral();
  renderLists();
  // The "Văn bản" panel (catalog-document.js) edits units' document headers in the same draft.
  document.dispatchEvent(new CustomEvent('catalog:draft', { detail: draft }));
}
document.addEventListener('catalog:edit', event => { draft = event.detail.draft; changed(event.detail.message); });

const kindWord = kind => t('catalog.kind.' + kind);
const listOfKind = { unit: 'units', counter: 'counters', field: 'fields', reason: 'reasons', scale: 'scales' };

function describeChanges(changes) {
  const lines = [];
  if (changes.headerChanged) lines.push(t('catalog.change.header'));
  for (const spec of [...specs].reverse()) {
    const c = changes[spec.list];
    const parts = [
      ...c.added.map(id => t('catalog.change.added', { name: nameOf(spec.list, id) })),
      ...c.removed.map(id => t('catalog.change.removed', { name: nameOf(spec.list, id) })),
      ...c.changed.map(id => t('catalog.change.changed', { name: nameOf(spec.list, id) })),
    ];
    if (parts.length) lines.push(`${t('catalog.list.' + spec.list)}: ${parts.join('; ')}`);
  }
  for (const s of changes.scaleChanges)
    lines.push(t('catalog.change.scale', { kind: kindWord(s.kind), name: nameOf(listOfKind[s.kind], s.id), from: s.from, to: s.to }));
  for (const x of changes.targetChanges)
    lines.push(t('catalog.change.target', { kind: kindWord(x.kind), name: nameOf(listOfKind[x.kind], x.id), from: percentText(x.from), to: percentText(x.to) }));
  if (lines.length === 0 && !changes.unchanged) lines.push(t('catalog.change.order'));
  return lines;
}

function showPreview(p) {
  const box = $('preview');
  const confirmBox = $('confirm-box');
  if (!p.changed) {
    box.replaceChildren(el('p', { class: 'muted', text: t('catalog.noChanges') }));
    confirmBox.hidden = true;
    $('save').disabled = true;
    $('discard').disabled = JSON.stringify(draft) === JSON.stringify(saved);
    return;
  }
  const affected = p.ratingsAffected > 0
    ? el('div', { class: 'notice warn', id: 'affected' }, el('p', { text: t('catalog.touches', { n: count(p.ratingsAffected) }) }),
      el('ul', {}, p.affected.map(a => el('li', { text: a.change === 'scale'
        ? t('catalog.affected.scale', { kind: kindWord(a.kind), name: nameOf(listOfKind[a.kind], a.id), from: a.from, to: a.to, n: count(a.ratings) })
        : t('catalog.affected.removed', { kind: kindWord(a.kind), name: nameOf(listOfKind[a.kind], a.id), n: count(a.ratings) }) }))))
    : el('p', { id: 'affected', text: t('catalog.touchesNone') });
  box.replaceChildren(el('p', { text: t('catalog.pending') }), el('ul', { id: 'changes' }, describeChanges(p.changes).map(line => el('li', { text: line }))), affected);
  confirmBox.hidden = !p.needsConfirmation;
  $('confirm').checked = false;
  $('confirm-text').textContent = t('catalog.confirm', { n: count(p.ratingsAffected) });
  $('save').disabled = p.needsConfirmation;
  $('discard').disabled = false;
}

function showProblem(response, box) {
  const errors = response.data?.errors;
  const lines = errors ? Object.entries(errors).map(([path, messages]) => `${readablePath(path)}: ${messages.map(local).join(' ')}`) : [];
  box.replaceChildren(el('div', { class: 'notice warn', role: 'alert' }, el('p', { class: 'error', text: local(response.data?.title ?? String(response.status)) }),
    lines.length ? el('ul', { id: 'problems' }, lines.map(line => el('li', { text: line }))) : el('p', { text: local(response.data?.detail ?? '') })));
}

/** "units[3].parentId" → "units[3] (Phường A).parentId", so the admin finds the item. */
function readablePath(path) {
  const m = /^(\w+)\[(\d+)\](.*)$/.exec(path);
  const item = m ? draft?.[m[1]]?.[Number(m[2])] : null;
  return item ? `${m[1]}[${m[2]}] (${item.name ?? item.label ?? item.id ?? item.code})${m[3]}` : path;
}

async function refreshPreview() {
  const run = ++previewRun;
  $('save').disabled = true;
  const response = await send('POST', '/api/admin/catalog/preview', draft);
  if (run !== previewRun) return;
  preview = response.ok ? response.data : null;
  if (response.ok) showPreview(response.data);
  else { showProblem(response, $('preview')); $('confirm-box').hidden = true; $('discard').disabled = false; }
}

$('confirm').addEventListener('change', () => { $('save').disabled = !(preview?.needsConfirmation && $('confirm').checked); });

$('save').addEventListener('click', async () => {
  const confirm = preview?.needsConfirmation && $('confirm').checked;
  $('save').disabled = true;
  const response = await send('PUT', '/api/admin/catalog' + (confirm ? '?confirm=true' : ''), draft);
  if (!response.ok) {
    if (response.status === 409) { $('result').replaceChildren(el('p', { class: 'error', role: 'alert', text: t('catalog.needsConfirm') })); await refreshPreview(); }
    else showProblem(response, $('result'));
    return;
  }
  await load();
  $('result').replaceChildren(el('p', { class: 'notice', id: 'saved', text: response.data.changed ? t('catalog.saved') : t('catalog.noChanges') }));
});

$('discard').addEventListener('click', async () => {
  draft = structuredClone(saved);
  changed(t('catalog.discarded'));
});

$('upload').addEventListener('change', async event => {
  const file = event.target.files[0];
  const error = $('upload-error');
  error.textContent = '';
  if (!file) return;
  let parsed;
  try { parsed = JSON.parse(await file.text()); } catch (e) { error.textContent = t('catalog.err.json', { file: file.name, message: e.message }); return; }
  finally { event.target.value = ''; }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) { error.textContent = t('catalog.err.notCatalog', { file: file.name }); return; }
  draft = parsed;
  changed(t('catalog.uploaded', { file: file.name }));
});

async function load() {
  saved = await getJson('/api/admin/catalog');
  draft = structuredClone(saved);
  render();
  showPreview({ changed: false });
}

load().catch(e => $('result').replaceChildren(el('p', { class: 'error', text: t('error.load', { message: e.message }) })));
