import { addFollowUp, fieldButtons, label, levelButtons, loadTexts, lang, newId, reasonButtons, show, t } from './common.js';

// The link's token is the last part of the address: /s/<token>.
const token = decodeURIComponent(location.pathname.split('/').pop() || '');
const state = { info: null, field: null, level: null };

async function start() {
  await loadTexts(lang);
  document.getElementById('language').addEventListener('click', async () => { await loadTexts(lang === 'vi' ? 'en' : 'vi'); render(); });
  document.getElementById('send').addEventListener('click', () => submit(true));
  document.getElementById('skip').addEventListener('click', () => submit(false));
  const response = await fetch(`/api/survey/${encodeURIComponent(token)}`).catch(() => null);
  state.info = response?.ok ? await response.json() : { status: 'invalid' };
  render();
}

function render() {
  const info = state.info;
  if (info.status !== 'ok') {
    document.getElementById('closed-message').textContent = t(info.status);
    show('closed');
    return;
  }
  document.getElementById('unit-name').textContent = info.unitName;
  document.getElementById('counter-name').textContent = info.counterName;
  document.getElementById('fields').replaceChildren(...fieldButtons(info.fields, f => { state.field = f; renderRate(); }));
  if (state.field || info.fields.length === 1) { state.field ??= info.fields[0]; renderRate(); } else show('field');
}

function renderRate() {
  document.getElementById('field-name').textContent = state.info.fields.length > 1 ? label(state.field, 'name', 'nameEn') : '';
  document.getElementById('levels').replaceChildren(...levelButtons(state.info.scale.levels, level => {
    state.level = level;
    if (level.satisfied) { submit(false); return; }
    document.getElementById('reasons').replaceChildren(...reasonButtons(state.info.reasons));
    show('followup');
  }));
  show('rate');
}

async function submit(withAnswers) {
  // One id per visit of this page, kept across a reload, so a resend after a lost answer is the same rating.
  const key = `parsurvey.rating.${token}`;
  const id = sessionStorage.getItem(key) || newId();
  sessionStorage.setItem(key, id);
  const body = { id, counterId: state.info.counterId, fieldCode: state.field.code, score: state.level.score, channel: 'qr' };
  if (withAnswers) addFollowUp(body);
  const response = await fetch('/api/ratings', {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-survey-token': token }, body: JSON.stringify(body),
  }).catch(() => null);
  if (response && (response.status === 201 || response.status === 200)) { show('thanks'); return; }
  if (response?.status === 409 || response?.status === 401) {
    const problem = await response.json().catch(() => ({}));
    state.info = { status: problem.code === 'used' ? 'used' : problem.code === 'expired' ? 'expired' : 'invalid' };
    render();
    return;
  }
  // Not sent (no network, server busy): say so and let the citizen press again; the id stays the same.
  if (state.level.satisfied) { show('followup'); document.getElementById('reasons').replaceChildren(); }
  document.getElementById('send-error').textContent = t('sendFailed');
}

start();
