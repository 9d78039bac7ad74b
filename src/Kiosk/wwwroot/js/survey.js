import { addFollowUp, fieldButtons, isSatisfied, label, levelButtons, limitNote, loadTexts, lang, MAX_COMMENT, newId, reasonButtons, show, t } from './common.js';

// The link's token is the last part of the address: /s/<token>.
const token = decodeURIComponent(location.pathname.split('/').pop() || '');
// `pending` is the rating being sent: its id stays the same while the citizen retries it, and only then (a new page,
// another level) is a new id made, so a retry is never counted twice and a new rating never looks like an old one.
const state = { info: null, field: null, level: null, pending: null, sending: false, comment: null };

async function start() {
  await loadTexts(lang);
  state.comment = limitNote(document.getElementById('comment'), MAX_COMMENT);
  document.getElementById('language').addEventListener('click', async () => { await loadTexts(lang === 'vi' ? 'en' : 'vi'); state.comment.update(); render(); });
  document.getElementById('send').addEventListener('click', () => submit(true));
  document.getElementById('skip').addEventListener('click', () => submit(false));
  const response = await fetch(`/api/survey/${encodeURIComponent(token)}`).catch(() => null);
  state.info = response?.ok ? await response.json() : { status: response ? 'invalid' : 'offline' };
  render();
}

/** The page cannot take a rating: why, and — where the counter is known — a way to send feedback instead. */
function closed(message) {
  document.getElementById('closed-message').textContent = message;
  const counterId = state.info?.counterId;
  document.getElementById('closed-feedback').hidden = !counterId;
  if (counterId) document.getElementById('closed-feedback-link').href = `/phan-anh?counter=${encodeURIComponent(counterId)}&channel=qr`;
  say('');
  show('closed');
}

/** "14:35" in Vietnam time, as the hall's clock shows it. */
const hallTime = iso => new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

function render() {
  const info = state.info;
  // A phone that rated this counter a moment ago is told at once, not after tapping a level.
  if (info.status === 'already-rated') { closed(t('alreadyRatedUntil', { time: hallTime(info.rateAgainAt) })); return; }
  if (info.status !== 'ok') { closed(info.message ?? t(info.status === 'offline' ? 'offlineSend' : info.status)); return; }
  document.getElementById('unit-name').textContent = info.unitName;
  document.getElementById('counter-name').textContent = info.counterName;
  // A complaint or suggestion goes further than a rating: the feedback form, already set to this counter.
  document.getElementById('feedback-link').href = `/phan-anh?counter=${encodeURIComponent(info.counterId)}&channel=qr`;
  document.getElementById('fields').replaceChildren(...fieldButtons(info.fields, f => { state.field = f; renderRate(); }));
  if (state.field || info.fields.length === 1) { state.field ??= info.fields[0]; renderRate(); } else show('field');
}

function renderRate() {
  document.getElementById('field-name').textContent = state.info.fields.length > 1 ? label(state.field, 'name', 'nameEn') : '';
  document.getElementById('levels').replaceChildren(...levelButtons(state.info.scale.levels, level => {
    state.level = level;
    if (isSatisfied(level)) { submit(false); return; }
    document.getElementById('reasons').replaceChildren(...reasonButtons(state.info.reasons));
    document.getElementById('comment').value = '';
    state.comment.update();
    say('');
    show('followup');
  }));
  show('rate');
}

/** The answer to a send, in words, on the screen the citizen is on (role=alert reads it out). */
function say(message) {
  document.getElementById('send-error').textContent = message;
}

async function submit(withAnswers) {
  if (state.sending) return;
  // Too long a comment is refused here with what to do, never cut: the text stays as typed.
  if (withAnswers && state.comment.over()) {
    say(document.getElementById('comment-count').textContent);
    document.getElementById('comment').focus();
    return;
  }
  const body = { counterId: state.info.counterId, fieldCode: state.field.code, score: state.level.score, channel: 'qr' };
  if (withAnswers) addFollowUp(body);
  const content = JSON.stringify(body);
  if (state.pending?.content !== content) state.pending = { id: newId(), content };
  state.sending = true;
  say(t('sending'));
  const response = await fetch('/api/ratings', {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-survey-token': token },
    body: JSON.stringify({ id: state.pending.id, ...body }),
  }).catch(() => null);
  state.sending = false;
  answer(response, await response?.json().catch(() => ({})) ?? {});
}

/** Every answer has its own honest message; none of them opens the "why not satisfied?" question. */
function answer(response, problem) {
  if (!response) { say(t('offlineSend')); return; }
  const status = response.status;
  if (status === 201 || status === 200) { state.pending = null; say(''); show('thanks'); return; }
  if (status === 409 && problem.code === 'already-rated') {
    closed(t('alreadyRatedUntil', { time: hallTime(Date.now() + (problem.retryAfterSeconds ?? 1800) * 1000) }));
    return;
  }
  if (status === 409 && problem.code === 'used') { closed(t('used')); return; }
  if (status === 409) { state.pending = null; say(t('idConflict')); return; }
  if (status === 401) { closed(t(['expired', 'revoked'].includes(problem.code) ? problem.code : 'invalid')); return; }
  if (status === 400 && problem.code === 'phone-unknown') { say(t('phoneUnknown')); return; }
  if (status === 429) { say(t('tooMany', { seconds: response.headers.get('retry-after') ?? 60 })); return; }
  if (status >= 500) { say(t('serverError')); return; }
  say(t('rejected'));
}

start();
