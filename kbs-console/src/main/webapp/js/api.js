// The admin API, called with the signed-in administrator's token in the Authorization header
// (never a cookie: the API does not read cookies, so a cross-site request cannot act as the admin).

const TOKEN_KEY = 'kbsAdminToken';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  return fetch('session', { method: 'DELETE', credentials: 'same-origin' }).finally(() => {
    location.replace('login.html');
  });
}

/** An error of the API with its RFC 7807 detail. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || 'HTTP ' + status);
    this.status = status;
  }
}

/** Calls the API; returns parsed JSON, text or null. 401 sends the browser to the sign-in page. */
export async function call(method, path, { body, query, accept } = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one !== undefined && one !== null && one !== '') url.searchParams.append(k, one);
    }
  }
  const headers = { Authorization: 'Bearer ' + token() };
  if (accept) headers.Accept = accept;
  const response = await fetch(url, { method, headers, body, credentials: 'omit' });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    location.replace('login.html');
    throw new ApiError(401, 'signed out');
  }
  const type = response.headers.get('Content-Type') || '';
  const payload = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    const detail = payload && typeof payload === 'object' ? payload.detail : payload;
    throw new ApiError(response.status, detail);
  }
  return payload === '' ? null : payload;
}

/** base64url without padding of a UTF-8 string (upstream's policy encoding). */
export function b64url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  bytes.forEach((b) => { bin += String.fromCharCode(b); });
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** "session#" and the first 12 hex digits of the SHA-256 of a session id, as the log names it. */
export async function sessionRef(session) {
  if (!session || session === '-') return 'session#-';
  if (session === 'as-api') return 'as-api';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(session));
  const hex = Array.from(new Uint8Array(digest)).map((b) => b.toString(16).padStart(2, '0')).join('');
  return 'session#' + hex.slice(0, 12);
}
