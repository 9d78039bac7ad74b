// The wall board: a SignalR connection that re-reads the snapshot on every (re)connect, then follows updates.
// Everything is written with textContent: comments never reach this page and names are never HTML.
const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pct = v => v === null || v === undefined ? '–' : percent.format(v).replace(/\s?%/, '\u00a0%');
const statusText = { met: 'Đạt chỉ tiêu', below: 'Dưới chỉ tiêu', insufficient: 'Chưa đủ mẫu' };
const time = iso => new Date(iso).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
const unitId = new URLSearchParams(location.search).get('unitId') || null;
const $ = id => document.getElementById(id);

function text(tag, value, cls) {
  const node = document.createElement(tag);
  node.textContent = value;
  if (cls) node.className = cls;
  return node;
}

function rows(body, items) {
  body.replaceChildren(...items.map(r => {
    const tr = document.createElement('tr');
    tr.className = 'status-' + r.status;
    tr.dataset.key = r.key;
    tr.append(text('td', r.name), text('td', pct(r.rate), 'num'), text('td', String(r.total), 'num'), text('td', statusText[r.status]));
    return tr;
  }));
}

function sparkline(hourly) {
  const svg = $('sparkline');
  const max = Math.max(1, ...hourly);
  const ns = 'http://www.w3.org/2000/svg';
  svg.replaceChildren(...hourly.map((n, h) => {
    const bar = document.createElementNS(ns, 'rect');
    const height = Math.round(44 * n / max);
    bar.setAttribute('x', String(h * 10 + 1));
    bar.setAttribute('y', String(46 - height));
    bar.setAttribute('width', '8');
    bar.setAttribute('height', String(height));
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${h}h: ${n}`;
    bar.append(title);
    return bar;
  }));
}

function render(s) {
  $('unit-name').textContent = s.unitName;
  $('date').textContent = 'Hôm nay, ' + s.date.split('-').reverse().join('/');
  const o = s.overall;
  $('rate').textContent = pct(o.rate);
  $('status').textContent = statusText[o.status];
  document.body.dataset.status = o.status;
  $('target').textContent = pct(o.target);
  $('total').textContent = String(o.total);
  $('ci').textContent = o.ciLow === null ? '–' : `${pct(o.ciLow)} – ${pct(o.ciHigh)}`;
  $('levels').replaceChildren(...s.levels.map(l => {
    const li = text('li', `${l.label}: ${o.counts[l.score] ?? 0}`);
    li.dataset.score = String(l.score);
    return li;
  }));
  sparkline(s.hourly);
  rows($('counters'), s.counters);
  rows($('fields'), s.fields);
  $('ticker').replaceChildren(...s.ticker.map(e =>
    text('li', `${time(e.at)} · ${e.label} · ${e.counterName} · ${e.fieldName}${e.reasons.length ? ' · ' + e.reasons.join(', ') : ''}`,
      e.satisfied ? 'ok' : 'unhappy')));
  $('alerts').replaceChildren(...s.alerts.map(alertItem));
  $('no-alerts').hidden = s.alerts.length > 0;
}

function alertItem(a) {
  const li = text('li', `${time(a.at)} – ${a.message}`, 'alert-' + a.kind);
  li.dataset.id = a.id;
  return li;
}

function onAlert(a) {
  if (document.querySelector(`#alerts [data-id="${CSS.escape(a.id)}"]`)) return;
  $('alerts').prepend(alertItem(a));
  $('no-alerts').hidden = true;
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
    render(await connection.invoke('Subscribe', unitId));
    $('refusal').hidden = true;
    document.querySelector('main').hidden = false;
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
