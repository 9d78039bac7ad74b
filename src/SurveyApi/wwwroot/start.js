// Start page: this month's satisfaction per field, in Vietnamese number formats. Text only (textContent), never HTML.
const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const count = new Intl.NumberFormat('vi-VN');
const statusText = { met: 'Đạt', below: 'Chưa đạt', insufficient: 'Chưa đủ mẫu' };
// Vietnamese style puts a space before the percent sign: 95,3 %.
const pct = v => v === null ? '–' : percent.format(v).replace(/\s?%/, '\u00a0%');
const date = iso => iso.split('-').reverse().join('/');

function cell(row, text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  row.appendChild(td);
}

async function load() {
  const catalog = await fetch('/api/catalog').then(r => r.json());
  document.getElementById('catalog-name').textContent = catalog.name + (catalog.demo ? ' – dữ liệu mẫu' : '');
  const response = await fetch('/api/satisfaction?groupBy=field');
  if (response.status === 401 || response.status === 403) {
    const body = document.getElementById('rows');
    const row = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 6;
    const link = document.createElement('a');
    link.href = response.status === 401 ? '/login?returnUrl=%2F' : '/account/password';
    link.textContent = response.status === 401 ? 'Đăng nhập để xem số liệu' : 'Đổi mật khẩu để tiếp tục';
    td.appendChild(link);
    row.appendChild(td);
    body.replaceChildren(row);
    return;
  }
  const report = await response.json();
  document.getElementById('period').textContent =
    `Từ ${date(report.from)} đến ${date(report.to)} (giờ Việt Nam) · tổng ${count.format(report.overall.total)} đánh giá · ` +
    `hài lòng ${pct(report.overall.rate)} · ${statusText[report.overall.status]}`;
  const body = document.getElementById('rows');
  body.replaceChildren();
  for (const r of report.rows) {
    const tr = document.createElement('tr');
    cell(tr, r.name);
    cell(tr, count.format(r.total), 'num');
    cell(tr, pct(r.rate), 'num');
    cell(tr, r.ciLow === null ? '–' : `${pct(r.ciLow)} – ${pct(r.ciHigh)}`, 'num');
    cell(tr, pct(r.target), 'num');
    cell(tr, statusText[r.status], 'status-' + r.status);
    body.appendChild(tr);
  }
}

load().catch(e => { document.getElementById('rows').textContent = 'Không tải được số liệu: ' + e.message; });
