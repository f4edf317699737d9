// Signing in and out: the form (with the server's demo accounts, if it has them), the token (kept in this tab's
// sessionStorage, so a reload stays signed in), the account bar (who you are, Online / Away, Sign out), and the
// authenticated fetch every view uses; a 401 signs out. The chat page and the admin view (admin.html) share it.
import { $, el } from './dom.js';

const EXPIRED = 'Your sign-in has expired; please sign in again.';

/**
 * @param {object} options
 * @param {() => void} options.onSignedIn the chat is shown: connect
 * @param {() => void} options.onSignedOut before the form is shown again: disconnect, close what is open
 * @param {(status: string) => void} options.onMyStatus the user chose Online or Away
 * @param {Storage} [options.storage=sessionStorage]
 * @param {string} [options.view='chat-view'] the id of what is shown while signed in
 * @param {(demo: {users: string[], admin?: string}) => string[]} [options.demoNames] the demo accounts offered
 */
export function createSession({
  onSignedIn, onSignedOut, onMyStatus = () => {}, storage = sessionStorage, view = 'chat-view',
  demoNames = (demo) => demo.users,
}) {
  let token = storage.getItem('parley.token');
  let expiresAt = Number(storage.getItem('parley.expiresAt')) || null;
  /** The sign-in's username and password, kept in memory (never stored) for refreshing the token. */
  let credentials = null;
  let user = storage.getItem('parley.user');
  let myStatus = 'online';

  /** fetch with the token; JSON in and out; a failure thrown as an Error with the problem's code and detail. */
  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: { ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json().catch(() => ({}));
    if (response.status === 401 && token) {
      signOut(EXPIRED);
    }
    if (!response.ok) {
      throw Object.assign(new Error(data.detail || `HTTP ${response.status}`),
        { code: data.code, detail: data.detail, status: response.status, problem: data });
    }
    return data;
  }

  async function showDemoUsers() {
    try {
      const demo = await api('GET', '/api/auth/demo-users');
      $('demo-password').textContent = demo.password;
      $('demo-list').replaceChildren(...demoNames(demo).map((name) => {
        const item = el('li');
        const button = el('button', 'chip', name);
        button.type = 'button';
        button.addEventListener('click', () => {
          $('username').value = name;
          $('password').value = demo.password;
          $('password').focus();
        });
        item.append(button);
        return item;
      }));
      $('demo-users').hidden = false;
    } catch {
      $('demo-users').hidden = true; // no demo accounts on this server
    }
  }

  function enter() {
    $('sign-in-view').hidden = true;
    $(view).hidden = false;
    $('account').hidden = false;
    $('me').textContent = user;
    onSignedIn();
  }

  /** A token answer of POST /api/auth/token, kept for this tab. */
  function keep(answer) {
    token = answer.token;
    expiresAt = Date.parse(answer.expiresAt);
    storage.setItem('parley.token', token);
    storage.setItem('parley.expiresAt', String(expiresAt));
  }

  function signOut(reason) {
    onSignedOut();
    token = null;
    expiresAt = null;
    credentials = null;
    storage.removeItem('parley.token');
    storage.removeItem('parley.expiresAt');
    storage.removeItem('parley.user');
    $(view).hidden = true;
    $('account').hidden = true;
    $('sign-in-view').hidden = false;
    $('sign-in-error').textContent = reason || '';
    showDemoUsers();
    $('username').focus();
  }

  $('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('sign-in-error').textContent = '';
    const username = $('username').value.trim();
    try {
      const password = $('password').value;
      const answer = await api('POST', '/api/auth/token', { username, password });
      keep(answer);
      user = username;
      // in this page's memory only, to get a new token before this one expires
      credentials = { username, password };
      storage.setItem('parley.user', username);
      $('password').value = '';
      enter();
    } catch (error) {
      $('sign-in-error').textContent = error.code === 'UNAUTHORIZED' ? 'Wrong username or password.' : error.message;
    }
  });

  $('sign-out').addEventListener('click', () => signOut());

  // the admin view has no status to choose
  $('my-status')?.addEventListener('change', () => {
    myStatus = $('my-status').value;
    onMyStatus(myStatus);
  });

  return {
    get token() { return token; },
    /** When the token expires (ms since the epoch), if known. */
    get expiresAt() { return expiresAt; },
    /**
     * A new token before this one expires: POST /api/auth/token again with the sign-in's credentials (kept in memory
     * since the form was sent; after a reload there are none, and the server ends the session at expiry).
     */
    async refresh() {
      if (!credentials) return null;
      keep(await api('POST', '/api/auth/token', credentials));
      return { token, expiresAt };
    },
    get user() { return user; },
    /** 'online' or 'away', as chosen (kept across sign-ins in this page). */
    get myStatus() { return myStatus; },
    api,
    /** @param {string} [reason] shown above the form */
    signOut,
    /** At page load: back into the chat if this tab is signed in, else the form. */
    resume() {
      if (token && user) enter(); else signOut();
    },
  };
}
