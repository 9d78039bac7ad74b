// Reports: choose a period (month, quarter, year, range, the city's CCHC windows with their dates) and a unit (tree
// with search), preview, download XLSX / CSV zip / PDF; the archive with search; archive jobs with a progress bar.
import { catalog, me } from './nav.js';
import { t } from './i18n.js';
import { count, date, el, pct, subtree, unitTree, vnTime } from './format.js';
import { getJson, send } from './api.js';

const $ = id => document.getElementById(id);
const pad = n => String(n).padStart(2, '0');
const today = new Date(Date.now() + 7 * 3600_000); // Vietnam's date
$('year').value = today.getUTCFullYear();
$('month').replaceChildren(...Array.from({ length: 12 }, (_, i) => el('option', { value: i + 1, selected: i === (today.getUTCMonth() + 11) % 12, text: `${i + 1}` })));

// The CCHC windows come from the server (GET /api/reports/cchc): the city's preset decides their dates, which ones exist
// (Q2 and Q4 only under Nghị định 09/2019) and which days fall in none; the server's clock decides what "today" is.
let cchc = { windows: [], gap: null, todayInGap: null };
const cchcText = w => `${t('reports.' + w.kind)} (${date(w.from).slice(0, 5)} – ${date(w.to).slice(0, 5)})`;
async function loadCchc() {
  const year = Number($('year').value);
  if (!(year >= 2000 && year <= 2100)) return;
  cchc = await getJson(`/api/reports/cchc?year=${year}`);
  const chosen = $('kind').value;
  for (const option of [...$('kind').options]) if (option.value.startsWith('cchc-')) option.remove();
  $('kind').append(...cchc.windows.map(w => el('option', { value: w.kind, text: cchcText(w), selected: w.kind === chosen })));
  const gap = cchc.gap ?? cchc.todayInGap;
  $('cchc-gap').textContent = gap ? t('reports.cchcGap', { from: date(gap.from).slice(0, 5), to: date(gap.to).slice(0, 5) }) : '';
  $('cchc-today').textContent = cchc.todayInGap
    ? t('reports.cchcTodayInGap', { today: date(cchc.today), from: date(cchc.todayInGap.from).slice(0, 5), to: date(cchc.todayInGap.to).slice(0, 5) }) : '';
  $('cchc-today').hidden = !cchc.todayInGap;
}

function period() {
  const kind = $('kind').value, y = $('year').value;
  switch (kind) {
    case 'month': return `${y}-${pad($('month').value)}`;
    case 'quarter': return `${y}-Q${$('quarter').value}`;
    case 'year': return `${y}`;
    case 'range': return `${$('from').value}..${$('to').value}`;
    default: return `${kind}-${y}`;
  }
}

function showFields() {
  const kind = $('kind').value;
  $('month-box').hidden = kind !== 'month';
  $('quarter-box').hidden = kind !== 'quarter';
  $('year-box').hidden = kind === 'range';
  $('from-box').hidden = $('to-box').hidden = kind !== 'range';
  const window = cchc.windows.find(w => w.kind === kind);
  $('dates').textContent = window ? t('reports.window', { from: date(window.from), to: date(window.to) }) : '';
  updateLinks();
}

// Units: a supervisor their own subtree; reporters and admins every unit and the whole city.
const scope = me.role === 'supervisor' ? subtree(catalog.units, me.unitId) : null;
const choices = [...(scope ? [] : [{ id: '', name: t('reports.city'), depth: 0 }]),
  ...unitTree(catalog.units).filter(x => !scope || scope.has(x.unit.id)).map(x => ({ id: x.unit.id, name: x.unit.name, depth: x.depth + (scope ? 0 : 1) }))];
function renderUnits() {
  const query = $('unit-search').value.trim().toLocaleLowerCase('vi');
  const checked = document.querySelector('input[name=unit]:checked')?.value ?? (scope ? me.unitId : '');
  $('units').replaceChildren(...choices.filter(c => !query || c.name.toLocaleLowerCase('vi').includes(query)).map(c =>
    el('label', { class: 'unit-choice' }, el('span', { text: '\u2003'.repeat(c.depth) }),
      el('input', { type: 'radio', name: 'unit', value: c.id, checked: c.id === checked, onchange: updateLinks }), c.name)));
}
const unitId = () => document.querySelector('input[name=unit]:checked')?.value ?? (scope ? me.unitId : '');

function query(format) {
  const params = new URLSearchParams({ period: period(), format });
  if (unitId()) params.set('unitId', unitId());
  return '/api/reports?' + params;
}
function updateLinks() {
  for (const format of ['xlsx', 'csv', 'pdf']) $(format).href = query(format);
}

async function preview(event) {
  event.preventDefault();
  const report = await getJson(query('json')).catch(e => ({ error: e.message }));
  $('preview').hidden = false;
  if (report.error) { $('preview-title').textContent = report.error; $('preview-fields').replaceChildren(); $('preview-summary').textContent = ''; return; }
  const s = report.summary.current;
  $('preview-title').textContent = `${report.unitName} – ${report.period.label}`;
  $('preview-summary').textContent = t('reports.summary', { from: date(report.period.from), to: date(report.period.to), total: count(s.total),
    rate: pct(s.rate), low: pct(s.ciLow), high: pct(s.ciHigh), target: pct(s.target), status: t('status.' + s.status) });
  $('preview-fields').replaceChildren(...report.fields.map(r => el('tr', {},
    el('td', { text: r.name }), el('td', { class: 'num', text: count(r.total) }), el('td', { class: 'num', text: pct(r.rate) }),
    el('td', { class: 'num', text: r.ciLow === null ? '–' : `${pct(r.ciLow)} – ${pct(r.ciHigh)}` }),
    el('td', { class: 'num', text: pct(r.target) }), el('td', { class: 'status-' + r.status, text: t('status.' + r.status) }))));
}

let archived = [];
async function loadArchive() {
  archived = await getJson('/api/reports/archive');
  renderArchive();
}
function renderArchive() {
  const q = $('archive-search').value.trim().toLocaleLowerCase('vi');
  const unitName = id => catalog.units.find(u => u.id === id)?.name ?? t('reports.city');
  const rows = archived.map(r => ({ r, unit: unitName(r.unitId) }))
    // Every word typed must appear somewhere: "tiếp nhận xlsx" finds the annex's spreadsheet.
    .filter(({ r, unit }) => q.split(/\s+/).every(w => `${r.periodKey} ${unit} ${r.format}`.toLocaleLowerCase('vi').includes(w))).slice(0, 200);
  $('archive').replaceChildren(...rows.map(({ r, unit }) => el('tr', {},
    el('td', { text: r.periodKey }), el('td', { text: unit }), el('td', { text: r.format.toUpperCase() }), el('td', { text: vnTime(r.createdAt) }),
    el('td', {}, el('a', { href: `/api/reports/archive/${r.id}`, text: t('reports.download'), 'aria-label': `${t('reports.download')} ${r.periodKey} ${unit} ${r.format}` })))));
}

async function startJob() {
  const response = await send('POST', '/api/reports/jobs', { period: period() });
  if (!response.ok) { $('job-text').textContent = response.problem; return; }
  $('start-job').disabled = true;
  let job = response.data;
  while (job.state === 'running') {
    const share = job.total ? job.done / job.total : 0;
    $('job-progress').value = Math.round(share * 100);
    $('job-text').textContent = t('reports.jobRunning', { period: job.periodKey, done: job.done, total: job.total || '…' });
    await new Promise(resolve => setTimeout(resolve, 500));
    job = await getJson(`/api/reports/jobs/${job.id}`);
  }
  $('start-job').disabled = false;
  $('job-progress').value = job.state === 'done' ? 100 : $('job-progress').value;
  $('job-text').textContent = job.state === 'done' ? t('reports.jobDone', { period: job.periodKey, total: job.total }) : t('reports.jobFailed', { error: job.error ?? '' });
  await loadArchive();
}

for (const id of ['kind', 'month', 'quarter', 'from', 'to']) $(id).addEventListener('change', showFields);
$('year').addEventListener('change', () => loadCchc().catch(() => {}).then(showFields));
$('unit-search').addEventListener('input', renderUnits);
$('archive-search').addEventListener('input', renderArchive);
$('choose').addEventListener('submit', preview);
$('start-job').addEventListener('click', startJob);
$('jobs').hidden = me.role === 'supervisor';
renderUnits();
await loadCchc().catch(() => {});
showFields();
loadArchive().catch(() => {});
