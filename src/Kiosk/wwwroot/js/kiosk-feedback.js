// "Gửi phản ánh, kiến nghị" on the counter tablet: the form, its checks (the server's rules, so a citizen is told
// before anything is queued), and the receipt. The unit and counter are the tablet's; the tracking code is made here, so
// the citizen leaves with it even when the tablet is offline — the server accepts a kiosk's own code (POST /api/kiosk/feedback).
import { el, label, limitNote, MAX_FEEDBACK_TEXT, t, textLength } from './common.js';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I, as the server's codes
const PHONE = /^\+?[0-9][0-9 .-]{7,18}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const $ = id => document.getElementById(id);

/** PA-XXXX-XXXX from 40 random bits (256 is a multiple of 32, so every letter is as likely). */
export function newCode() {
  const b = crypto.getRandomValues(new Uint8Array(8));
  const c = [...b].map(x => ALPHABET[x % ALPHABET.length]).join('');
  return `PA-${c.slice(0, 4)}-${c.slice(4)}`;
}

/** One radio per category of the catalog; keeps the one chosen across a language switch. */
export function renderCategories(categories) {
  const chosen = document.querySelector('input[name="feedback-category"]:checked')?.value;
  $('feedback-categories').replaceChildren(...(categories ?? []).map(c =>
    el('label', { class: 'choice option' },
      Object.assign(el('input', { type: 'radio', name: 'feedback-category', value: c.code }), { checked: c.code === chosen }),
      ` ${label(c)}`)));
}

let textLimit = null;

/** The counter under the text box ("Còn … ký tự"), set up once and refreshed after a language switch. */
export function watchLimits() {
  textLimit ??= limitNote($('feedback-text'), MAX_FEEDBACK_TEXT);
  textLimit.update();
}

function say(field, message) {
  $(`feedback-${field}-error`).textContent = message;
  const control = field === 'category' ? $('feedback-category') : $(`feedback-${field}`);
  if (message) control.setAttribute('aria-invalid', 'true'); else control.removeAttribute('aria-invalid');
}

/** The form's values, or null after saying beside each field what is wrong. */
export function readForm() {
  const category = document.querySelector('input[name="feedback-category"]:checked')?.value;
  const text = $('feedback-text').value.trim().normalize('NFC');
  const contact = $('feedback-contact').value.trim();
  const consent = $('feedback-consent').checked;
  const errors = {
    category: category ? '' : t('feedbackNeedCategory'),
    text: textLength(text) > MAX_FEEDBACK_TEXT ? t('overLimit', { n: textLength(text) - MAX_FEEDBACK_TEXT, max: MAX_FEEDBACK_TEXT })
      : text.length >= 5 ? '' : t('feedbackNeedText'),
    contact: !contact || PHONE.test(contact) || EMAIL.test(contact) ? '' : t('feedbackBadContact'),
    consent: contact && !consent ? t('feedbackNeedConsent') : '',
  };
  showErrors(errors);
  if (Object.values(errors).some(Boolean)) return null;
  return { category, text, ...(contact ? { contact, consent: true } : {}) };
}

/** Problems per field (the client's or the server's `errors`); the first one gets the focus. */
export function showErrors(errors) {
  for (const field of ['category', 'text', 'contact', 'consent']) say(field, [errors[field] ?? ''].flat().join(' '));
  const first = ['category', 'text', 'contact', 'consent'].find(f => errors[f] && [errors[f]].flat().join(''));
  if (first) (first === 'category' ? document.querySelector('input[name="feedback-category"]') : $(`feedback-${first}`))?.focus();
}

/** Nothing of one citizen stays on the shared tablet's screen for the next. */
export function clearForm() {
  for (const input of document.querySelectorAll('input[name="feedback-category"]')) input.checked = false;
  $('feedback-text').value = '';
  textLimit?.update();
  $('feedback-contact').value = '';
  $('feedback-consent').checked = false;
  showErrors({});
}

/** Sends one queued item: { ok, status, receipt, errors }; status 0 when the network is down. */
export async function post(deviceKey, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 8000);
  try {
    const response = await fetch('/api/kiosk/feedback', {
      method: 'POST', signal: controller.signal,
      headers: { 'content-type': 'application/json', authorization: `Device ${deviceKey}` }, body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, receipt: response.ok ? answer : null, errors: answer.errors ?? {} };
  } catch {
    return { ok: false, status: 0, receipt: null, errors: {} };
  } finally {
    clearTimeout(timer);
  }
}

/** The receipt: the code in large type, the due date once the server has it, else how the queued item will go. */
export function showFiled(code, receipt, trackingUrl) {
  $('filed-code').textContent = code;
  const [y, m, d] = (receipt?.dueDate ?? '').split('-');
  $('filed-detail').textContent = receipt ? t('filedSent', { due: `${d}/${m}/${y}` }) : t('filedQueued');
  $('filed-lookup').textContent = t('filedLookup', { url: `${trackingUrl}/${code}` });
}
