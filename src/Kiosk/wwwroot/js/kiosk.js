import { addFollowUp, fieldButtons, label, levelButtons, loadTexts, lang, newId, reasonButtons, show, t } from './common.js';
import * as outbox from './queue.js';

const state = { device: JSON.parse(localStorage.getItem('parsurvey.device') || 'null'), config: null, catalog: null, field: null,
  lastRatingAt: 0, flushing: false, draft: null, followUpTimer: 0 };

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
  await loadTexts(lang);
  document.getElementById('language').addEventListener('click', async () => { await loadTexts(lang === 'vi' ? 'en' : 'vi'); render(); });
  document.getElementById('pair-form').addEventListener('submit', pair);
  document.getElementById('send').addEventListener('click', () => finishFollowUp(true));
  document.getElementById('skip').addEventListener('click', () => finishFollowUp(false));
  window.addEventListener('online', flush);
  setInterval(flush, 5000);
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/kiosk-sw.js').catch(() => {});
  state.config = await cached('/api/kiosk/config', 'parsurvey.config') || { cooldownSeconds: 5, thankYouSeconds: 3, followUpSeconds: 30 };
  state.catalog = await cached('/api/catalog', 'parsurvey.catalog');
  // Drafts left by a reload in the middle of the follow-up question are sent as they are.
  for (const item of await outbox.all()) if (item.state === 'draft') await outbox.put({ ...item, state: 'ready' });
  render();
  flush();
}

function counter() {
  return state.device && state.catalog?.counters.find(c => c.id === state.device.counterId);
}

function render() {
  const c = counter();
  if (!state.device || !c) { show('pair'); return; }
  const unit = state.catalog.units.find(u => u.id === c.unitId);
  document.getElementById('unit-name').textContent = unit?.name ?? '';
  document.getElementById('counter-name').textContent = c.name;
  const fields = c.fieldCodes.map(code => state.catalog.fields.find(f => f.code === code));
  document.getElementById('fields').replaceChildren(...fieldButtons(fields, f => { state.field = f; renderRate(); }));
  if (fields.length === 1) { state.field = fields[0]; renderRate(); } else { state.field = null; show('field'); }
  updatePending();
}

function renderRate() {
  const c = counter();
  const scale = state.catalog.scales.find(s => s.id === c.scaleId) ?? state.catalog.scale;
  document.getElementById('field-name').textContent = c.fieldCodes.length > 1 ? label(state.field, 'name', 'nameEn') : '';
  document.getElementById('levels').replaceChildren(...levelButtons(scale.levels, tap));
  show('rate');
}

async function tap(level) {
  // Presses right after a rating are ignored, as on counter terminals: one citizen, one rating.
  if (Date.now() - state.lastRatingAt < state.config.cooldownSeconds * 1000) return;
  state.lastRatingAt = Date.now();
  const body = { id: newId(), counterId: state.device.counterId, fieldCode: state.field.code, score: level.score, channel: 'kiosk',
    submittedAt: new Date().toISOString() };
  if (level.satisfied) {
    await outbox.put({ id: body.id, body, state: 'ready', at: Date.now() });
    thankYou();
    flush();
    return;
  }
  state.draft = body;
  await outbox.put({ id: body.id, body, state: 'draft', at: Date.now() });
  document.getElementById('reasons').replaceChildren(...reasonButtons(state.catalog.reasons));
  document.getElementById('comment').value = '';
  show('followup');
  state.followUpTimer = setTimeout(() => finishFollowUp(false), state.config.followUpSeconds * 1000);
}

async function finishFollowUp(withAnswers) {
  clearTimeout(state.followUpTimer);
  const body = state.draft;
  if (!body) return;
  state.draft = null;
  if (withAnswers) addFollowUp(body);
  await outbox.put({ id: body.id, body, state: 'ready', at: Date.now() });
  state.lastRatingAt = Date.now();
  thankYou();
  flush();
}

function thankYou() {
  show('thanks');
  setTimeout(render, state.config.thankYouSeconds * 1000);
}

async function flush() {
  if (state.flushing || !state.device) return;
  state.flushing = true;
  try {
    const ready = (await outbox.all()).filter(i => i.state === 'ready').sort((a, b) => a.at - b.at).slice(0, 100);
    if (ready.length === 0) return;
    const response = await fetch('/api/ratings/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Device ${state.device.deviceKey}` },
      body: JSON.stringify(ready.map(i => i.body)),
    });
    if (response.status === 401) { unpair(); return; }
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

async function updatePending() {
  const n = (await outbox.all()).length;
  const badge = document.getElementById('pending');
  badge.hidden = n === 0;
  badge.textContent = t('pending', { n });
  badge.setAttribute('aria-label', t('pendingLabel', { n }));
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
  state.catalog = await cached('/api/catalog', 'parsurvey.catalog');
  render();
  flush();
}

function unpair() {
  localStorage.removeItem('parsurvey.device');
  state.device = null;
  render();
}

start();
