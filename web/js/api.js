// The JSON API client: session (user, scope, CSRF token), errors with the
// server's Vietnamese message, and a return to the login page on 401.

export const session = { user: null, scope: null, csrf: null };

const FLAG = 'canbo.signedIn';

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || (status === 0 ? 'Không kết nối được máy chủ.' : `Lỗi máy chủ (${status}).`));
    this.status = status;
    this.code = e.code || (status === 0 ? 'network' : 'http_' + status);
    this.field = e.field || null;
    this.rows = e.rows || null;
    this.body = body;
  }
}

let onUnauth = () => {};
/** Called with no arguments when the session is gone (401). */
export function setUnauthenticatedHandler(fn) { onUnauth = fn; }

export function signedInBefore() {
  try { return localStorage.getItem(FLAG) === '1'; } catch { return false; }
}
function setFlag(on) {
  try { if (on) localStorage.setItem(FLAG, '1'); else localStorage.removeItem(FLAG); } catch { /* private mode */ }
}

export function forget() {
  session.user = null;
  session.scope = null;
  session.csrf = null;
  setFlag(false);
}

/** fetch + JSON. opts: {signal, raw (return the Response), headers, auth401 (false: no redirect)} */
export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json', ...(opts.headers || {}) };
  let payload;
  if (body instanceof Blob) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  let res;
  try {
    res = await fetch('/api/v1' + path, { method, headers, body: payload, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, null);
  }
  if (opts.raw && res.ok) return res;
  const ct = res.headers.get('Content-Type') || '';
  let json = null;
  if (ct.includes('application/json')) {
    try { json = await res.json(); } catch { json = null; }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, json);
    err.retryAfter = res.headers.get('Retry-After');
    if (res.status === 401 && opts.auth401 !== false) {
      forget();
      onUnauth();
    }
    throw err;
  }
  return json;
}

export const get = (path, opts) => api('GET', path, undefined, opts);
export const post = (path, body, opts) => api('POST', path, body ?? {}, opts);

export async function login(username, password) {
  const r = await api('POST', '/auth/login', { username, password }, { auth401: false });
  session.csrf = r.csrf_token;
  session.user = r.user;
  setFlag(true);
  await loadMe();
  return session.user;
}

export async function loadMe() {
  const r = await api('GET', '/auth/me', undefined, { auth401: false });
  session.user = r.user;
  session.csrf = r.csrf_token;
  session.scope = r.scope;
  setFlag(true);
  return r;
}

export async function logout() {
  try { await api('POST', '/auth/logout', {}, { auth401: false }); } catch { /* already gone */ }
  forget();
}

export const role = () => session.user?.role || '';
export const canWrite = () => role() === 'admin' || role() === 'officer';
export const canReadSensitive = () => canWrite();

/** Reference lists, fetched once per session. */
const refCache = new Map();
export function ref(kind) {
  if (!refCache.has(kind)) {
    const p = get('/ref/' + kind).then((r) => r.items).catch((e) => { refCache.delete(kind); throw e; });
    refCache.set(kind, p);
  }
  return refCache.get(kind);
}

/** The current unit tree in scope (flat, depth-first), cached briefly. */
let unitsCache = null;
export function unitsNow() {
  if (!unitsCache || Date.now() - unitsCache.at > 60000) {
    const p = get('/units').then((r) => r.items).catch((e) => { unitsCache = null; throw e; });
    unitsCache = { at: Date.now(), p };
  }
  return unitsCache.p;
}
export function dropUnitsCache() { unitsCache = null; }
