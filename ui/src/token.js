// The write token: read once from the address fragment (#token=...) that `tidings serve` prints, then kept in
// this browser's localStorage. It travels only in the Authorization header, which no other site can make a
// browser send, so writes need no cookie and no CSRF token.
const KEY = 'tidings-token';

export function adoptTokenFromFragment() {
  const match = /^#token=([A-Za-z0-9_-]{16,})$/.exec(window.location.hash);
  if (match) {
    localStorage.setItem(KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
}

export function token() {
  return localStorage.getItem(KEY);
}

export function setToken(value) {
  localStorage.setItem(KEY, value.trim());
}

export function showTokenState() {
  const el = document.getElementById('token-state');
  if (el) el.textContent = token() ? 'writes enabled' : 'read-only (no API token)';
}

export class NeedsToken extends Error {}

// POST JSON (or FormData) with the bearer token; a refused token is forgotten so the page can ask again.
export async function write(url, body) {
  const headers = {Authorization: `Bearer ${token() || ''}`};
  let payload = body;
  if (!(body instanceof FormData)) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body || {});
  }
  const response = await fetch(url, {method: 'POST', headers, body: payload});
  if (response.status === 401) {
    localStorage.removeItem(KEY);
    showTokenState();
    throw new NeedsToken('the API token is missing or wrong');
  }
  const data = await response.json();
  if (!response.ok) throw new Error(data.error ? data.error.message : response.statusText);
  return data;
}
