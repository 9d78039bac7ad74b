import { el, label, levelButtons, loadTexts, lang, newId, show, t } from './common.js';

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
  document.getElementById('fields').replaceChildren(...info.fields.map(f =>
    el('button', { type: 'button', class: 'choice', 'data-field': f.code, onclick: () => { state.field = f; renderRate(); } }, label(f, 'name', 'nameEn'))));
  if (state.field || info.fields.length === 1) { state.field ??= info.fields[0]; renderRate(); } else show('field');
}

function renderRate() {
  document.getElementById('field-name').textContent = state.info.fields.length > 1 ? label(state.field, 'name', 'nameEn') : '';
  document.getElementById('levels').replaceChildren(...levelButtons(state.info.scale.levels, level => {
    state.level = level;
    if (level.satisfied) { submit(false); return; }
    document.getElementById('reasons').replaceChildren(...state.info.reasons.map(r =>
      el('button', { type: 'button', class: 'reason', 'aria-pressed': 'false', 'data-reason': r.code,
        onclick: e => e.currentTarget.setAttribute('aria-pressed', String(e.currentTarget.getAttribute('aria-pressed') !== 'true')) }, label(r))));
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
  if (withAnswers) {
    const reasons = [...document.querySelectorAll('#reasons [aria-pressed="true"]')].map(b => b.dataset.reason);
    const comment = document.getElementById('comment').value.trim();
    if (reasons.length) body.reasons = reasons;
    if (comment) body.comment = comment;
  }
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
  if (state.level.satisfied) show('followup');
  document.getElementById('send-error').textContent = t('sendFailed');
}

start();
