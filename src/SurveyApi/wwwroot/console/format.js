// Numbers, dates and times as Vietnamese offices write them: 95,3 %, 29/11/2026, Vietnam time.
import { lang } from './i18n.js';

const locale = lang === 'en' ? 'en-GB' : 'vi-VN';
const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const counts = new Intl.NumberFormat(locale);
const dateTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** 0.953 → "95,3 %" (a space before the sign, as Vietnamese style has it). */
export const pct = v => v === null || v === undefined ? '–' : percent.format(v).replace(/\s?%/, '\u00a0%');
export const count = n => counts.format(n);
/** "2026-11-29" → "29/11/2026" */
export const date = iso => iso ? iso.split('-').reverse().join('/') : '–';
/** An instant in Vietnam time, the same in both languages: "29/11/2026 14:05:09". */
export function vnTime(iso) {
  if (!iso) return '–';
  const p = Object.fromEntries(dateTime.formatToParts(new Date(iso)).map(x => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

/**
 * A form's submit handler that runs once at a time: its submit buttons are disabled until the handler is done, and a
 * second submit meanwhile (a double click) is ignored, so one click makes one account, one token, one tablet.
 */
export function onSubmitOnce(form, handler) {
  let busy = false;
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    const buttons = [...form.querySelectorAll('button[type=submit], button:not([type])')];
    for (const b of buttons) b.disabled = true;
    try { await handler(event); } finally {
      busy = false;
      for (const b of buttons) b.disabled = false;
    }
  });
}

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** Units in tree order with their depth, for selects and the reports' unit tree. */
export function unitTree(units) {
  const children = new Map();
  for (const u of units) {
    const key = u.parentId ?? '';
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(u);
  }
  const out = [];
  const walk = (parent, depth) => { for (const u of children.get(parent) ?? []) { out.push({ unit: u, depth }); walk(u.id, depth + 1); } };
  walk('', 0);
  return out;
}

export function unitOptions(units, selected, allowed = null) {
  return unitTree(units).filter(x => !allowed || allowed.has(x.unit.id))
    .map(({ unit, depth }) => el('option', { value: unit.id, selected: unit.id === selected }, '\u2003'.repeat(depth) + unit.name));
}

/** A unit and every unit under it. */
export function subtree(units, id) {
  const ids = new Set([id]);
  let grew = true;
  while (grew) { grew = false; for (const u of units) if (u.parentId && ids.has(u.parentId) && !ids.has(u.id)) { ids.add(u.id); grew = true; } }
  return ids;
}
