// The console's only way to the JSON API: reads and state changes with the sign-in cookie, and refusals turned into
// words (RFC 7807 ProblemDetails name the field). Every state change goes through send(), so the antiforgery/Origin
// rule of the server is met in one place.

export async function getJson(url) {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (response.status === 401) { location.href = '/login?returnUrl=' + encodeURIComponent(location.pathname + location.search); throw new Error('401'); }
  if (!response.ok) throw new Error(await problemOf(response));
  return response.json();
}

/** POST/PUT/DELETE with a JSON body: { ok, status, data, problem } where problem is readable text. */
export async function send(method, url, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  return { ok: response.ok, status: response.status, data, problem: response.ok ? null : describe(data, response.status) };
}

async function problemOf(response) {
  try { return describe(await response.json(), response.status); } catch { return String(response.status); }
}

/** "title: field: message; field: message" from a ProblemDetails. */
export function describe(problem, status) {
  if (!problem) return String(status);
  const parts = [];
  if (problem.errors) for (const [field, messages] of Object.entries(problem.errors)) parts.push(`${field}: ${messages.join(' ')}`);
  else if (problem.detail) parts.push(problem.detail);
  return [problem.title, ...parts].filter(Boolean).join(' — ');
}
