// Vietnamese by default, English on request (kept in localStorage). Static text carries data-i18n keys and its
// Vietnamese words in the HTML; scripts ask t(key). Both languages come from i18n/vi.json and i18n/en.json.
const stored = localStorage.getItem('parsurvey.lang');
export const lang = stored === 'en' ? 'en' : 'vi';
const texts = await fetch(`/console/i18n/${lang}.json`).then(r => r.json());

/** The text for a key, with {name} placeholders filled in. */
export function t(key, values = {}) {
  const text = texts[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

export function translate(root = document) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) if (texts[el.dataset.i18n]) el.textContent = texts[el.dataset.i18n];
  for (const el of root.querySelectorAll('[data-i18n-label]')) if (texts[el.dataset.i18nLabel]) el.setAttribute('aria-label', texts[el.dataset.i18nLabel]);
  if (document.body.dataset.title) document.title = `${t(document.body.dataset.title)} – ParSurvey`;
}

export function switchLanguage() {
  const other = lang === 'vi' ? 'en' : 'vi';
  localStorage.setItem('parsurvey.lang', other);
  // The server's pages (sign-in, password, 403) read the same choice from a cookie.
  document.cookie = `parsurvey.lang=${other}; path=/; max-age=31536000; samesite=lax`;
  location.reload();
}
