// Start page: today and this month for the signed-in person's scope; supervisors also see comments and alerts.
import { catalog, me } from './nav.js';
import { t } from './i18n.js';
import { count, date, el, pct } from './format.js';
import { getJson } from './api.js';

const statusCell = s => el('td', { class: 'status-' + s, text: t('status.' + s) });

function detail(row) {
  return t('start.detail', { total: count(row.total), status: t('status.' + row.status), low: pct(row.ciLow), high: pct(row.ciHigh) });
}

async function load() {
  document.getElementById('catalog-name').textContent = catalog.name + (catalog.demo ? ' – ' + t('start.demo') : '');
  if (!me) { document.getElementById('anonymous').hidden = false; return; }
  if (me.mustChangePassword) { location.href = '/account/password'; return; }
  const start = await getJson('/api/console/start');
  document.getElementById('scope').textContent = t('start.scope', { unit: start.unitName, date: date(start.today) });
  document.getElementById('today-rate').textContent = pct(start.todayOverall.rate);
  document.getElementById('today-detail').textContent = detail(start.todayOverall);
  document.getElementById('month-rate').textContent = pct(start.monthOverall.rate);
  document.getElementById('month-detail').textContent = detail(start.monthOverall);
  document.getElementById('rows').replaceChildren(...start.monthFields.map(r => el('tr', { 'data-key': r.key },
    el('td', { text: r.name }), el('td', { class: 'num', text: count(r.total) }), el('td', { class: 'num', text: pct(r.rate) }),
    el('td', { class: 'num', text: r.ciLow === null ? '–' : `${pct(r.ciLow)} – ${pct(r.ciHigh)}` }),
    el('td', { class: 'num', text: pct(r.target) }), statusCell(r.status))));
  document.getElementById('numbers').hidden = false;
  if (me.role === 'supervisor') {
    document.getElementById('alerts').replaceChildren(...(start.alerts.length
      ? start.alerts.map(a => el('li', { text: a.message }))
      : [el('li', { class: 'muted', text: t('start.noAlerts') })]));
    document.getElementById('comments').replaceChildren(...(start.comments.length
      ? start.comments.map(c => el('li', {}, el('span', { class: 'muted', text: `${date(c.date)} · ${c.counterName} · ${c.fieldName}: ` }), c.text))
      : [el('li', { class: 'muted', text: t('start.noComments') })]));
    document.getElementById('supervisor').hidden = false;
  }
}

load().catch(e => { document.getElementById('catalog-name').textContent = t('error.load', { message: e.message }); });
