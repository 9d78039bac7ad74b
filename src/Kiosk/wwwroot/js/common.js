// Shared by the kiosk and the QR survey: texts, faces, ids. No framework; everything is set with textContent.

/** A v4 UUID. crypto.randomUUID needs a secure context, which a tablet on the hall's LAN may not be. */
export function newId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

let texts = {};
export let lang = localStorage.getItem('parsurvey.lang') || 'vi';

export async function loadTexts(language) {
  lang = language;
  localStorage.setItem('parsurvey.lang', lang);
  document.documentElement.lang = lang;
  const response = await fetch(`/_content/Kiosk/i18n/${lang}.json`);
  texts = await response.json();
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  for (const el of document.querySelectorAll('[data-t-label]')) el.setAttribute('aria-label', t(el.dataset.tLabel));
  // The switch is written in the other language ("English" / "Tiếng Việt"), so screen readers say it in that one.
  document.getElementById('language')?.setAttribute('lang', lang === 'vi' ? 'en' : 'vi');
}

export function t(key, values = {}) {
  return (texts[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => values[k] ?? '');
}

/** The label of a level, field or reason in the current language. */
export const label = (item, vi = 'label', en = 'labelEn') => (lang === 'en' && item[en]) || item[vi];

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

// Faces tell the levels apart by shape as well as colour, for colour-blind citizens.
const SVG = 'http://www.w3.org/2000/svg';
const mouths = {
  best: 'M18 38 Q32 56 46 38 Z',     // open laugh
  good: 'M20 40 Q32 50 44 40',       // smile
  neutral: 'M21 43 L43 43',          // straight
  bad: 'M20 47 Q32 37 44 47',        // frown
  worst: 'M18 49 Q32 33 46 49 Z',    // open frown
};
export const tones = { best: '#1b7a3a', good: '#4d7c0f', neutral: '#9a6700', bad: '#b3261e', worst: '#7d1a14' };

/** best … worst for a scale's levels, highest score first. */
export function moodsOf(levels) {
  const sorted = [...levels].sort((a, b) => b.score - a.score);
  const names = sorted.length === 3 ? ['best', 'good', 'worst']
    : sorted.length === 4 ? ['best', 'good', 'neutral', 'worst'] : ['best', 'good', 'neutral', 'bad', 'worst'];
  return sorted.map((level, i) => ({ level, mood: names[Math.min(i, names.length - 1)] }));
}

export function face(mood) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 64 64');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'face');
  const add = (name, attrs) => {
    const n = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    svg.append(n);
  };
  add('circle', { cx: 32, cy: 32, r: 29, fill: tones[mood] });
  add('circle', { cx: 23, cy: 25, r: 4, fill: '#fff' });
  add('circle', { cx: 41, cy: 25, r: 4, fill: '#fff' });
  const closed = mouths[mood].endsWith('Z');
  add('path', { d: mouths[mood], stroke: '#fff', 'stroke-width': 4, 'stroke-linecap': 'round', fill: closed ? '#fff' : 'none' });
  return svg;
}

/** One big button per level: face + words; the caller decides what a tap does. */
export function levelButtons(levels, onTap) {
  return moodsOf(levels).map(({ level, mood }) =>
    el('button', { type: 'button', class: `level level-${mood}`, 'data-score': String(level.score), onclick: () => onTap(level) },
      face(mood), el('span', {}, label(level))));
}

/** One button per field of the counter; the caller decides what choosing one does. */
export function fieldButtons(fields, onPick) {
  return fields.map(f => el('button', { type: 'button', class: 'choice', 'data-field': f.code, onclick: () => onPick(f) }, label(f, 'name', 'nameEn')));
}

/** Toggle buttons for the reasons of dissatisfaction; addFollowUp reads them back. `pressed` keeps earlier choices (a language switch). */
export function reasonButtons(reasons, onToggle = () => {}, pressed = []) {
  return reasons.map(r => el('button', {
    type: 'button', class: 'reason', 'aria-pressed': String(pressed.includes(r.code)), 'data-reason': r.code,
    onclick: e => {
      e.currentTarget.setAttribute('aria-pressed', String(e.currentTarget.getAttribute('aria-pressed') !== 'true'));
      onToggle();
    },
  }, label(r)));
}

/** The reasons ticked on the follow-up screen. */
export const pressedReasons = () => [...document.querySelectorAll('#reasons [aria-pressed="true"]')].map(b => b.dataset.reason);

/** Whether a level counts as satisfied: the scale says so (`satisfied`, or a `group` of levels). */
export const isSatisfied = level => level.satisfied ?? level.group === 'satisfied';

/** The server's limits (RatingParser.MaxCommentLength; FeedbackOptions.MaxTextLength), counted as it counts. */
export const MAX_COMMENT = 1000;
export const MAX_FEEDBACK_TEXT = 2000;

/** Characters as the server counts them: Unicode code points of the trimmed NFC text. */
export const textLength = value => [...value.normalize('NFC').trim()].length;

/**
 * A text box's limit, shown as the person types ("Còn 120 ký tự"; past it, how many to remove) in the note
 * #<id>-count beside it. Nothing is ever cut: sending is refused while the text is too long (over()).
 */
export function limitNote(box, max) {
  const note = document.getElementById(`${box.id}-count`);
  const update = () => {
    const n = textLength(box.value);
    note.textContent = n > max ? t('overLimit', { n: n - max, max }) : t('charsLeft', { n: max - n });
    note.classList.toggle('error', n > max);
    if (n > max) box.setAttribute('aria-invalid', 'true'); else box.removeAttribute('aria-invalid');
  };
  box.addEventListener('input', update);
  update();
  return { update, over: () => textLength(box.value) > max };
}

/**
 * The reasons ticked and the comment typed on the follow-up screen, added to a rating's body. A comment over the limit
 * goes only with a send the citizen pressed (and is refused there with the note); a kiosk's time-out sends the rest.
 */
export function addFollowUp(body) {
  const reasons = pressedReasons();
  const comment = document.getElementById('comment').value.trim();
  if (reasons.length) body.reasons = reasons;
  if (comment && textLength(comment) <= MAX_COMMENT) body.comment = comment;
  return body;
}

export function show(id) {
  for (const screen of document.querySelectorAll('.screen')) screen.hidden = screen.id !== id;
  const heading = document.querySelector(`#${id} h1, #${id} h2`);
  if (heading) { heading.tabIndex = -1; heading.focus(); }
}
