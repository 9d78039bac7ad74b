// The wall board: a SignalR connection that re-reads the snapshot on every (re)connect, then follows updates.
// Everything is written with textContent: comments never reach this page and names are never HTML.
// The page never scrolls: tables and lists are cut into pages that fit (pager.js) and turn every 10 s, or every
// ?rotate=<seconds> (at least 0.5) for a screen that wants it faster or slower.
import { Pager } from './pager.js';

const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pct = v => v === null || v === undefined ? '–' : percent.format(v).replace(/\s?%/, '\u00a0%');
// The status words of the language catalogue (console/i18n), the ones the console, the reports and the public pages
// print: the board said "Dưới chỉ tiêu" where every other page said "Chưa đạt".
const words = await fetch('/console/i18n/vi.json').then(r => r.json());
const statusText = { met: words['status.met'], below: words['status.below'], insufficient: words['status.insufficient'] };
const time = iso => new Date(iso).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
const params = new URLSearchParams(location.search);
const unitId = params.get('unitId') || null;
const rotateSeconds = Math.max(0.5, Number(params.get('rotate')) || 10);
const $ = id => document.getElementById(id);

const pagers = {
  counters: new Pager($('counters'), $('counters').closest('.page-box'), $('counters-page')),
  fields: new Pager($('fields'), $('fields').closest('.page-box'), $('fields-page')),
  alerts: new Pager($('alerts'), $('alerts').closest('.page-box'), $('alerts-page')),
  ticker: new Pager($('ticker'), $('ticker').closest('.page-box'), null),
};
setInterval(() => Object.values(pagers).forEach(p => p.turn()), rotateSeconds * 1000);
addEventListener('resize', () => Object.values(pagers).forEach(p => p.layout()));

function text(tag, value, cls) {
  const node = document.createElement(tag);
  node.textContent = value;
  if (cls) node.className = cls;
  return node;
}

function row(r) {
  const tr = document.createElement('tr');
  tr.className = 'status-' + r.status;
  tr.dataset.key = r.key;
  const name = text('td', r.name, 'name');
  name.title = r.name;
  tr.append(name, text('td', pct(r.rate), 'num'), text('td', String(r.total), 'num'), text('td', statusText[r.status], 'status-cell'));
  return tr;
}

// Working hours (7h–17h) always, widened to any hour that had ratings; a label every other hour stays readable.
function hours(hourly) {
  const rated = hourly.map((n, h) => n > 0 ? h : -1).filter(h => h >= 0);
  const first = Math.min(7, ...rated), last = Math.max(17, ...rated);
  const max = Math.max(1, ...hourly);
  const columns = [];
  for (let h = first; h <= last; h++) {
    const column = document.createElement('div');
    column.className = 'hour';
    const area = document.createElement('div');
    area.className = 'bar-area';
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.style.height = `${Math.round(100 * hourly[h] / max)}%`;
    bar.dataset.count = String(hourly[h]);
    area.append(bar);
    column.append(area, text('span', (h - first) % 2 === 0 ? `${h}h` : '', 'hour-label'));
    column.dataset.hour = String(h);
    columns.push(column);
  }
  $('hours').replaceChildren(...columns);
  $('hours').setAttribute('aria-label', 'Số đánh giá theo giờ hôm nay: ' +
    columns.map(c => `${c.dataset.hour}h: ${c.firstChild.dataset.count}`).join(', '));
}

// Counts per level in each scale's own words. Where a board spans several scales (a 3-level department in a 4-level
// city), each scale's levels start a new line under its name, and no count adds levels of different scales.
// (Snapshots before per-scale counts carried one `levels` list and `counts`; read either.)
function levels(s, o) {
  const scales = s.scales ?? [{ id: '', name: '', levels: s.levels }];
  const mixed = scales.length > 1;
  $('levels').classList.toggle('mixed', mixed);
  $('levels').replaceChildren(...scales.flatMap(scale => scale.levels.map((l, i) => {
    const n = (s.scales ? (o.countsByScale ?? {})[scale.id] ?? {} : o.counts)[l.score] ?? 0;
    const li = document.createElement('li');
    // Every item names its scale for screen readers; on screen only the first of each scale does.
    if (mixed) li.append(text('span', scale.name + ': ', 'scale-name'));
    li.append(`${l.label}: ${n}`);
    if (mixed && i === 0) li.className = 'first-of-scale';
    li.dataset.scale = scale.id;
    li.dataset.score = String(l.score);
    return li;
  })));
}

function render(s) {
  $('unit-name').textContent = s.unitName;
  document.title = `${s.unitName} – Bảng theo dõi mức độ hài lòng`;
  $('date').textContent = 'Hôm nay, ' + s.date.split('-').reverse().join('/');
  const o = s.overall;
  $('rate').textContent = pct(o.rate);
  $('status').textContent = statusText[o.status];
  document.body.dataset.status = o.status;
  $('target').textContent = pct(o.target);
  $('total').textContent = String(o.total);
  $('ci').textContent = o.ciLow === null ? '–' : `${pct(o.ciLow)} – ${pct(o.ciHigh)}`;
  levels(s, o);
  $('filtered').textContent = String(s.filtered ?? 0);
  $('filtered-line').hidden = !s.filtered;
  hours(s.hourly);
  pagers.counters.show(s.counters.map(row));
  pagers.fields.show(s.fields.map(row));
  pagers.ticker.show(s.ticker.map(e =>
    text('li', `${time(e.at)} · ${e.label} · ${e.counterName} · ${e.fieldName}${e.reasons.length ? ' · ' + e.reasons.join(', ') : ''}`,
      e.satisfied ? 'ok' : 'unhappy')));
  $('no-alerts').hidden = s.alerts.length > 0;
  pagers.alerts.show(s.alerts.map(alertItem));
}

function alertItem(a) {
  const li = text('li', `${time(a.at)} – ${a.message}`, 'alert-' + a.kind);
  li.dataset.id = a.id;
  return li;
}

function onAlert(a) {
  if (document.querySelector(`#alerts [data-id="${CSS.escape(a.id)}"]`)) return;
  $('no-alerts').hidden = true;
  pagers.alerts.show([alertItem(a), ...$('alerts').children]);
}

const connection = new signalR.HubConnectionBuilder()
  .withUrl('/hubs/board')
  // Keep trying for ever: a wall screen has nobody to press reload.
  .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(5000, 500 * (ctx.previousRetryCount + 1)) })
  .build();
connection.on('Update', render);
connection.on('Alert', onAlert);
connection.onreconnecting(() => { $('connection').textContent = 'Mất kết nối, đang kết nối lại…'; });
connection.onreconnected(subscribe);
connection.onclose(() => setTimeout(start, 2000));

// SignalR wraps the hub's refusal as "An unexpected error … 'Subscribe' … HubException: <sentence>": the wall shows the
// sentence (written in Vietnamese for people by BoardHub), never the wrapper.
function refuse(error) {
  const reason = /HubException: (.+)$/s.exec(String(error && error.message || ''));
  $('connection').textContent = 'Không xem được';
  $('refusal-reason').textContent = reason ? reason[1] : 'Máy chủ không trả lời. Trang sẽ thử lại khi có kết nối.';
  $('refusal').hidden = false;
  document.querySelector('main').hidden = true;
  document.body.dataset.live = 'false';
}

async function subscribe() {
  try {
    const snapshot = await connection.invoke('Subscribe', unitId);
    $('refusal').hidden = true;
    document.querySelector('main').hidden = false;
    render(snapshot);
    $('connection').textContent = 'Trực tiếp';
    document.body.dataset.live = 'true';
  } catch (e) {
    refuse(e);
  }
}

async function start() {
  try {
    await connection.start();
    await subscribe();
  } catch {
    if (connection.state === signalR.HubConnectionState.Disconnected) setTimeout(start, 2000);
  }
}

start();
