import { addFollowUp, fieldButtons, isSatisfied, label, levelButtons, limitNote, loadTexts, lang, MAX_COMMENT, newId, pressedReasons, reasonButtons, show, t } from './common.js';
import * as outbox from './queue.js';
import * as feedback from './kiosk-feedback.js';

// A tablet that lost its key keeps the counter it served, so queued ratings go out once it is paired to that counter again.
const state = { device: JSON.parse(localStorage.getItem('parsurvey.device') || 'null'),
  suspendedCounter: localStorage.getItem('parsurvey.suspended'), config: null, catalog: null, field: null, screen: 'loading',
  lastRatingAt: 0, flushing: false, draft: null, followUpTimer: 0, idleTimer: 0, homeTimer: 0, holdTimer: 0, saveTimer: 0, comment: null };

async function cached(url, key) {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(String(response.status));
    const value = await response.json();
    localStorage.setItem(key, JSON.stringify(value));
    return value;
  } catch {
    return JSON.parse(localStorage.getItem(key) || 'null'); // offline: the last copy
  }
}

async function start() {
  // Every citizen starts in Vietnamese, even after a reload: a previous citizen's English is not the next one's.
  await loadTexts('vi');
  state.comment = limitNote(document.getElementById('comment'), MAX_COMMENT);
  feedback.watchLimits();
  document.getElementById('language').addEventListener('click', switchLanguage);
  document.getElementById('pair-form').addEventListener('submit', pair);
  document.getElementById('send').addEventListener('click', () => finishFollowUp(true));
  document.getElementById('skip').addEventListener('click', () => finishFollowUp(false));
  document.getElementById('back').addEventListener('click', () => { state.field = null; screen('field'); });
  document.getElementById('comment').addEventListener('input', saveDraftSoon);
  document.getElementById('thanks-feedback').addEventListener('click', openFeedback);
  document.getElementById('followup-feedback').addEventListener('click', () => finishFollowUp(true, true));
  document.getElementById('feedback-send').addEventListener('click', fileFeedback);
  document.getElementById('feedback-cancel').addEventListener('click', leaveFeedback);
  document.getElementById('filed-done').addEventListener('click', leaveFeedback);
  for (const type of ['pointerdown', 'keydown', 'input']) document.addEventListener(type, touched, true);
  // Staff only: holding a finger on the out-of-service screen for 3 s opens the pairing form; a citizen's tap does nothing.
  document.addEventListener('pointerdown', () => {
    if (state.screen === 'suspended') state.holdTimer = setTimeout(() => screen('pair'), 3000);
  });
  for (const type of ['pointerup', 'pointercancel']) document.addEventListener(type, () => clearTimeout(state.holdTimer));
  window.addEventListener('online', flush);
  setInterval(flush, 5000);
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/kiosk-sw.js').catch(() => {});
  state.config = { cooldownSeconds: 5, thankYouSeconds: 3, followUpSeconds: 30, idleSeconds: 20, trackingUrl: `${location.origin}/phan-anh`,
    ...await cached('/api/kiosk/config', 'parsurvey.config') };
  state.catalog = await cached('/api/catalog', 'parsurvey.catalog');
  // A catalog cached by an older page may have no categories: then the kiosk offers no feedback button.
  for (const button of document.querySelectorAll('.feedback-open')) button.hidden = !state.catalog?.feedbackCategories?.length;
  // Drafts left by a reload in the middle of the follow-up question are sent as they are (with what was ticked).
  for (const item of await outbox.all()) if (item.state === 'draft') await outbox.put({ ...item, state: 'ready' });
  home();
  flush();
}

function counter() {
  return state.device && state.catalog?.counters.find(c => c.id === state.device.counterId);
}

const fieldsOf = c => c.fieldCodes.map(code => state.catalog.fields.find(f => f.code === code)).filter(Boolean);

/** Shows a screen; the outbox count is for staff and appears only while the kiosk waits for a citizen. */
function screen(id) {
  state.screen = id;
  show(id);
  document.getElementById('language').hidden = id === 'suspended' || id === 'pair';
  updatePending();
}

/** Ready for the next citizen: Vietnamese, the field choice on a counter serving several fields. */
async function home() {
  clearTimeout(state.idleTimer);
  clearTimeout(state.homeTimer);
  if (lang !== 'vi') await loadTexts('vi');
  state.field = null;
  const c = counter();
  if (!c) { screen(state.suspendedCounter ? 'suspended' : 'pair'); return; }
  names(c);
  const fields = fieldsOf(c);
  if (fields.length === 1) { state.field = fields[0]; renderRate(); } else screen('field');
}

/** Unit, counter and field names in the current language (nameEn where the catalog gives one). */
function names(c) {
  const unit = state.catalog.units.find(u => u.id === c.unitId);
  document.getElementById('unit-name').textContent = unit ? label(unit, 'name', 'nameEn') : '';
  document.getElementById('counter-name').textContent = label(c, 'name', 'nameEn');
  document.getElementById('fields').replaceChildren(...fieldButtons(fieldsOf(c), f => { state.field = f; renderRate(); }));
}

function scale() {
  const c = counter();
  return state.catalog.scales?.find(s => s.id === c.scaleId) ?? state.catalog.scale;
}

function renderRate(keepScreen = false) {
  const several = fieldsOf(counter()).length > 1;
  document.getElementById('field-name').textContent = several ? label(state.field, 'name', 'nameEn') : '';
  document.getElementById('back').hidden = !several;
  document.getElementById('levels').replaceChildren(...levelButtons(scale().levels, tap));
  if (!keepScreen) screen('rate');
}

async function switchLanguage() {
  await loadTexts(lang === 'vi' ? 'en' : 'vi');
  state.comment.update();
  feedback.watchLimits();
  const c = counter();
  if (!c) return;
  names(c);
  if (state.field) renderRate(true);
  if (state.screen === 'followup') {
    document.getElementById('reasons').replaceChildren(...reasonButtons(state.catalog.reasons, saveDraftSoon, pressedReasons()));
  }
  if (state.screen === 'feedback') feedback.renderCategories(state.catalog.feedbackCategories);
}

/** A touch restarts the idle clock (and the follow-up's): the kiosk resets only when nobody is using it. */
function touched() {
  clearTimeout(state.idleTimer);
  if (state.screen === 'followup') {
    clearTimeout(state.followUpTimer);
    state.followUpTimer = setTimeout(() => finishFollowUp(true, false, true), state.config.followUpSeconds * 1000);
  } else if (state.screen === 'field' || state.screen === 'rate') {
    state.idleTimer = setTimeout(home, state.config.idleSeconds * 1000);
  } else if (state.screen === 'feedback' || state.screen === 'filed') {
    // Typing takes time: the form waits three follow-up spans; a form left half-written is cleared, never sent.
    state.idleTimer = setTimeout(leaveFeedback, state.config.followUpSeconds * (state.screen === 'feedback' ? 3 : 1) * 1000);
  }
}

async function tap(level) {
  // Presses right after a rating are ignored, as on counter terminals: one citizen, one rating. The thank-you screen
  // lasts as long, so a citizen never sees buttons that would ignore them.
  if (Date.now() - state.lastRatingAt < state.config.cooldownSeconds * 1000) return;
  state.lastRatingAt = Date.now();
  clearTimeout(state.idleTimer);
  const body = { id: newId(), counterId: state.device.counterId, fieldCode: state.field.code, score: level.score, channel: 'kiosk',
    submittedAt: new Date().toISOString() };
  if (isSatisfied(level)) {
    await outbox.put({ id: body.id, body, state: 'ready', at: Date.now() });
    thankYou();
    flush();
    return;
  }
  state.draft = body;
  await outbox.put({ id: body.id, body, state: 'draft', at: Date.now() });
  document.getElementById('reasons').replaceChildren(...reasonButtons(state.catalog.reasons, saveDraftSoon));
  document.getElementById('comment').value = '';
  state.comment.update();
  screen('followup');
  touched();
}

/** What is ticked and typed is kept in the outbox as it changes, so neither a time-out nor a reload loses it. */
function saveDraftSoon() {
  clearTimeout(state.saveTimer);
  state.saveTimer = setTimeout(async () => {
    const body = state.draft;
    if (body) await outbox.put({ id: body.id, body: addFollowUp({ ...body }), state: 'draft', at: Date.now() });
  }, 300);
}

/** Send (and a time-out) keep the ticked reasons and the comment; "Bỏ qua" sends the level alone, as the screen says. */
async function finishFollowUp(withAnswers, thenFeedback = false, timedOut = false) {
  // A comment over the limit is refused where the citizen pressed send, with what to do; a time-out sends the rest.
  if (withAnswers && !timedOut && state.comment.over()) {
    state.comment.update();
    document.getElementById('comment').focus();
    return;
  }
  clearTimeout(state.followUpTimer);
  clearTimeout(state.saveTimer);
  const body = state.draft;
  if (!body) return;
  state.draft = null;
  if (withAnswers) addFollowUp(body);
  await outbox.put({ id: body.id, body, state: 'ready', at: Date.now() });
  state.lastRatingAt = Date.now();
  if (thenFeedback) openFeedback(); else thankYou();
  flush();
}

/** After a rating: the feedback form for this counter (the thank-you's way home is stopped while it is open). */
function openFeedback() {
  clearTimeout(state.homeTimer);
  feedback.clearForm();
  feedback.renderCategories(state.catalog.feedbackCategories);
  screen('feedback');
  touched();
}

/**
 * The item goes into the outbox first (so a reload or a dropped Wi-Fi loses nothing), then straight to the server.
 * Sent: the receipt with its due date. Offline: the code made here, and the words saying it will go when the network is back.
 */
async function fileFeedback() {
  const values = feedback.readForm();
  if (!values || !state.device) return;
  const body = { id: newId(), code: feedback.newCode(), counterId: state.device.counterId, ...values, channel: 'kiosk',
    submittedAt: new Date().toISOString() };
  await outbox.put({ id: body.id, kind: 'feedback', body, state: 'ready', at: Date.now() });
  const sent = await feedback.post(state.device.deviceKey, body);
  if (sent.status === 400) { await outbox.remove(body.id); feedback.showErrors(sent.errors); return; }
  if (sent.ok) await outbox.remove(body.id);
  feedback.clearForm();
  feedback.showFiled(body.code, sent.receipt, state.config.trackingUrl);
  screen('filed');
  touched();
}

function leaveFeedback() {
  clearTimeout(state.idleTimer);
  feedback.clearForm();
  if (state.screen === 'feedback' || state.screen === 'filed') home();
}

function thankYou() {
  screen('thanks');
  const left = state.lastRatingAt + state.config.cooldownSeconds * 1000 - Date.now();
  state.homeTimer = setTimeout(home, Math.max(state.config.thankYouSeconds * 1000, left));
}

async function flush() {
  if (state.flushing || !state.device) return;
  state.flushing = true;
  try {
    const counterId = state.device.counterId;
    const queued = (await outbox.all()).filter(i => i.state === 'ready' && i.body.counterId === counterId).sort((a, b) => a.at - b.at);
    if (!await flushFeedback(queued.filter(i => i.kind === 'feedback'))) return;
    const ready = queued.filter(i => i.kind !== 'feedback').slice(0, 100);
    if (ready.length === 0) { await checkDevice(); return; }
    const response = await fetch('/api/ratings/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Device ${state.device.deviceKey}` },
      body: JSON.stringify(ready.map(i => i.body)),
    });
    if (response.status === 401) { suspend(); return; }
    if (!response.ok) return; // busy or down: the next round tries again
    const answer = await response.json();
    // Stored (201), already stored (200), or refused for good (400/403/409): none of them is worth sending again.
    for (const result of answer.results) await outbox.remove(ready[result.index].id);
  } catch {
    // offline: keep everything for the next round
  } finally {
    state.flushing = false;
    updatePending();
  }
}

/** Queued feedback, one at a time in filing order; false when the round should stop (offline, busy, revoked). */
async function flushFeedback(items) {
  for (const item of items) {
    const sent = await feedback.post(state.device.deviceKey, item.body);
    if (sent.status === 401) { suspend(); return false; }
    // Stored (201), already stored (200), or refused for good (400/403/409): none of them is worth sending again.
    if (sent.ok || (sent.status >= 400 && sent.status < 500 && sent.status !== 429)) await outbox.remove(item.id);
    else return false;
  }
  return true;
}

/** With nothing to send, ask whether the key still holds, so a revoked tablet stops before a citizen taps it. */
async function checkDevice() {
  const response = await fetch('/api/kiosk/device', { headers: { authorization: `Device ${state.device.deviceKey}` } }).catch(() => null);
  if (response?.status === 401) suspend();
}

/** Revoked: out of service until staff pair it again; queued ratings stay for that counter. */
function suspend() {
  state.suspendedCounter = state.device.counterId;
  localStorage.setItem('parsurvey.suspended', state.suspendedCounter);
  localStorage.removeItem('parsurvey.device');
  state.device = null;
  // A citizen answering the follow-up finishes first; their rating waits in the outbox with the others.
  if (!['followup', 'thanks', 'feedback', 'filed'].includes(state.screen)) home();
}

async function updatePending() {
  const n = (await outbox.all()).filter(i => i.state === 'ready').length;
  const badge = document.getElementById('pending');
  badge.hidden = n === 0 || !['field', 'rate'].includes(state.screen);
  badge.textContent = t('pending', { n });
  badge.title = t('pendingLabel', { n });
  badge.dataset.count = String(n);
}

async function pair(event) {
  event.preventDefault();
  const code = document.getElementById('pair-code').value;
  const response = await fetch('/api/devices/pair', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pairingCode: code }),
  }).catch(() => null);
  if (!response?.ok) { document.getElementById('pair-error').textContent = t('pairFailed'); return; }
  state.device = await response.json();
  localStorage.setItem('parsurvey.device', JSON.stringify(state.device));
  state.suspendedCounter = null;
  localStorage.removeItem('parsurvey.suspended');
  document.getElementById('pair-code').value = '';
  state.catalog = await cached('/api/catalog', 'parsurvey.catalog');
  home();
  flush();
}

start();
