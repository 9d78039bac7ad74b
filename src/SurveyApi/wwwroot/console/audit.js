// Audit log: filter by who, what and when; times in Vietnam time (a Vietnam date is compared, not the browser's).
import { t } from './i18n.js';
import { el, vnTime } from './format.js';
import { getJson } from './api.js';
import './nav.js';

const $ = id => document.getElementById(id);
const entries = await getJson('/api/admin/audit?limit=1000');
const vietnamDate = iso => new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
$('what').replaceChildren(el('option', { value: '', text: t('audit.all') }),
  ...[...new Set(entries.map(e => e.action))].sort().map(a => el('option', { value: a, text: a })));

function render() {
  const who = $('who').value.trim().toLowerCase(), what = $('what').value, from = $('from').value, to = $('to').value;
  const shown = entries.filter(e => (!who || e.actor.toLowerCase().includes(who)) && (!what || e.action === what)
    && (!from || vietnamDate(e.at) >= from) && (!to || vietnamDate(e.at) <= to));
  $('shown').textContent = t('audit.shown', { n: shown.length, total: entries.length });
  $('entries').replaceChildren(...shown.map(e => el('tr', { 'data-action': e.action },
    el('td', { text: vnTime(e.at) }), el('td', { text: e.actor }), el('td', { text: e.action }), el('td', { text: e.target }), el('td', { text: e.details ?? '' }))));
}

for (const id of ['who', 'what', 'from', 'to']) $(id).addEventListener('input', render);
$('filters').addEventListener('submit', event => event.preventDefault());
render();
