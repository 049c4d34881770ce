// The console's one way to the keytrail HTTP API (docs/api.md). The
// session cookie is HttpOnly and sent by the browser; the CSRF token lives
// in this module's memory only and goes with every write.

let csrfToken = '';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

// fetch() a path of the API; resolves to the parsed JSON (or null for 204),
// rejects with an ApiError carrying the problem+json.
export async function api(method, path, { body, query, headers = {} } = {}) {
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.set(key, value);
    }
    const text = params.toString();
    if (text) url += '?' + text;
  }
  const init = { method, credentials: 'same-origin', headers: { ...headers } };
  if (method !== 'GET' && method !== 'HEAD') init.headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new ApiError(0, { title: 'Network error', detail: String(error) });
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const problem = typeof data === 'object' ? data : { title: `HTTP ${response.status}`, detail: data };
    if (response.status === 401 && onUnauthenticated) onUnauthenticated(problem);
    throw new ApiError(response.status, problem);
  }
  return data;
}

let onUnauthenticated = null;
// Called when any call answers 401 (the session ended or expired).
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

// Exchanges a pasted token for a session; the token is not kept.
export async function signIn(token) {
  const session = await api('POST', '/v1/console/session', { body: { token } });
  csrfToken = session.csrf_token;
  return session;
}

// The current session, or null when there is none.
export async function currentSession() {
  try {
    const session = await api('GET', '/v1/console/session');
    csrfToken = session.csrf_token;
    return session;
  } catch (error) {
    if (error.status === 401) return null;
    throw error;
  }
}

export async function signOut() {
  try {
    await api('DELETE', '/v1/console/session');
  } finally {
    csrfToken = '';
  }
}

// "/v1/accounts/<account>" + rest, with the account escaped.
export function accountPath(account, rest = '') {
  return `/v1/accounts/${encodeURIComponent(account)}${rest}`;
}
