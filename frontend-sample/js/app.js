// Parley's sample chat client. Every piece of user data reaches the page through textContent, never innerHTML.
import { createConnection, legacyDriver, modernDriver, Status } from './connection.js';
import { createOutbox } from './outbox.js';
import { createRecovery } from './recovery.js';
import { describeError, isRetryable, retryAfterMs } from './errors.js';

const $ = (id) => document.getElementById(id);
const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

const params = new URLSearchParams(location.search);
const options = {
  transport: params.get('transport') === 'sockjs' ? 'sockjs' : 'websocket',
  sockjsTransports: params.get('sockjs') ? params.get('sockjs').split(',') : undefined,
  legacy: params.get('client') === 'legacy',
};

$('client-name').textContent = options.legacy ? 'stomp.js 2.3 (legacy)' : '@stomp/stompjs 7';
$('transport-name').textContent = options.transport === 'sockjs' ? 'SockJS' : 'WebSocket';

const STATUS_TEXT = {
  [Status.CONNECTING]: 'Connecting…',
  [Status.CONNECTED]: 'Connected',
  [Status.RECONNECTING]: 'Reconnecting…',
  [Status.OFFLINE]: 'Offline',
};
const PAGE = 50;
const TYPING_REPEAT_MS = 2500;
const TYPING_IDLE_MS = 3000;
const TYPING_SHOWN_MS = 7000;

const state = {
  token: sessionStorage.getItem('parley.token'),
  user: sessionStorage.getItem('parley.user'),
  myStatus: 'online',
  connection: null,
  outbox: null,
  conversations: new Map(),
  creating: 0,
  view: null,
  uploads: new Map(),
  retryTimer: null,
};

// ---------- plumbing ----------

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`Could not load ${src}`));
    document.head.append(script);
  });
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(state.token ? { Authorization: `Bearer ${state.token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401 && state.token) {
    signOut('Your sign-in has expired; please sign in again.');
  }
  if (!response.ok) {
    throw Object.assign(new Error(data.detail || `HTTP ${response.status}`), { code: data.code, detail: data.detail });
  }
  return data;
}

function socketFactory() {
  if (options.transport === 'sockjs') {
    return () => new SockJS('/sockjs', null, options.sockjsTransports ? { transports: options.sockjsTransports } : {});
  }
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  return () => new WebSocket(url, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
}

async function loadClientLibrary() {
  await loadScript(options.legacy ? '/webjars/stomp-websocket/stomp.min.js' : '/webjars/stomp__stompjs/bundles/stomp.umd.min.js');
  if (options.transport === 'sockjs') await loadScript('/webjars/sockjs-client/sockjs.min.js');
  return options.legacy ? legacyDriver(window.Stomp, socketFactory()) : modernDriver(window.StompJs, socketFactory());
}

// ---------- errors and toasts ----------

let errorTimer = null;
function showError(error) {
  const text = typeof error === 'string' ? error : describeError(error);
  $('chat-error').textContent = text;
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => { $('chat-error').textContent = ''; }, 8000);
}

function toast(title, text) {
  const item = el('div', 'toast');
  item.append(el('strong', null, title));
  if (text) item.append(el('p', null, text));
  const close = el('button', 'toast-close', '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Dismiss notification');
  close.addEventListener('click', () => item.remove());
  item.append(close);
  $('toasts').append(item);
  setTimeout(() => item.remove(), 8000);
}

function notificationText(payload) {
  if (payload && typeof payload === 'object') {
    const title = [payload.title, payload.subject].find((v) => typeof v === 'string') || 'Notification';
    const text = [payload.text, payload.message, payload.body].find((v) => typeof v === 'string');
    return { title, text: text !== undefined ? text : JSON.stringify(payload) };
  }
  return { title: 'Notification', text: String(payload) };
}

// ---------- sign in / out ----------

async function showDemoUsers() {
  try {
    const demo = await api('GET', '/api/auth/demo-users');
    $('demo-password').textContent = demo.password;
    $('demo-list').replaceChildren(...demo.users.map((name) => {
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

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('sign-in-error').textContent = '';
  const username = $('username').value.trim();
  try {
    const { token } = await api('POST', '/api/auth/token', { username, password: $('password').value });
    state.token = token;
    state.user = username;
    sessionStorage.setItem('parley.token', token);
    sessionStorage.setItem('parley.user', username);
    $('password').value = '';
    start();
  } catch (error) {
    $('sign-in-error').textContent = error.code === 'UNAUTHORIZED' ? 'Wrong username or password.' : error.message;
  }
});

$('sign-out').addEventListener('click', () => signOut());

function signOut(reason) {
  if (state.connection) state.connection.stop();
  state.connection = null;
  closeView();
  state.token = null;
  sessionStorage.removeItem('parley.token');
  sessionStorage.removeItem('parley.user');
  $('chat-view').hidden = true;
  $('account').hidden = true;
  $('sign-in-view').hidden = false;
  $('sign-in-error').textContent = reason || '';
  setStatus(Status.OFFLINE);
  showDemoUsers();
  $('username').focus();
}

// ---------- connection ----------

function setStatus(status, detail = {}) {
  $('status').textContent = STATUS_TEXT[status];
  document.documentElement.dataset.connection = status;
  $('status-detail').textContent = status === Status.RECONNECTING && detail.retryInMs !== undefined
    ? `retrying in ${Math.max(1, Math.ceil(detail.retryInMs / 1000))} s`
    : status === Status.OFFLINE && state.connection && !navigator.onLine ? 'no network' : '';
  $('reconnect-now').hidden = !(status === Status.RECONNECTING || (status === Status.OFFLINE && state.connection));
  renderPending();
}

async function start() {
  $('sign-in-view').hidden = true;
  $('chat-view').hidden = false;
  $('account').hidden = false;
  $('me').textContent = state.user;
  state.outbox = createOutbox({ storage: sessionStorage, key: `parley.outbox.${state.user}` });
  const driver = await loadClientLibrary();
  $('client-name').textContent = driver.name;
  $('transport-name').textContent = options.transport === 'sockjs' ? 'SockJS' : 'WebSocket';
  document.documentElement.dataset.client = options.legacy ? 'legacy' : 'stompjs';
  document.documentElement.dataset.transport = options.transport;

  state.connection = createConnection({
    driver,
    connectHeaders: () => ({ Authorization: `Bearer ${state.token}` }),
    isOnline: () => navigator.onLine,
    onStatus: setStatus,
    onConnected: () => {
      if (state.myStatus !== 'online') state.connection.signal('/app/presence', { status: state.myStatus });
      refreshConversations();
      pump();
    },
    onError: (error) => showError(error),
    onRefused: () => signOut('Your sign-in has expired; please sign in again.'),
  });
  state.connection.subscribe('/user/queue/notifications', (body) => {
    let payload;
    try { payload = JSON.parse(body); } catch { payload = body; }
    const { title, text } = notificationText(payload);
    toast(title, text);
  });
  state.connection.subscribe('/user/queue/conversations', (body) => {
    const conversation = JSON.parse(body);
    const known = state.conversations.has(conversation.id);
    state.conversations.set(conversation.id, conversation);
    renderConversations();
    if (!known && !state.creating) toast('New conversation', `You were added to “${conversation.title}”`);
  });
  state.connection.subscribe('/user/queue/files', (body) => fileEvent(JSON.parse(body)));
  state.connection.start();
  await refreshConversations();
  const remembered = sessionStorage.getItem(`parley.open.${state.user}`);
  if (remembered && state.conversations.has(remembered) && !state.view) openConversation(remembered);
}

window.addEventListener('online', () => state.connection && state.connection.wake());
window.addEventListener('offline', () => state.connection && state.connection.drop());
$('reconnect-now').addEventListener('click', () => state.connection && state.connection.wake());

// ---------- conversations ----------

async function refreshConversations() {
  try {
    const list = await api('GET', '/api/conversations');
    state.conversations = new Map(list.map((c) => [c.id, c]));
    renderConversations();
  } catch (error) {
    if (state.token) showError(error.message);
  }
}

function renderConversations() {
  const list = $('conversations');
  const sorted = [...state.conversations.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  list.replaceChildren(...sorted.map((c) => {
    const item = el('li');
    const button = el('button', 'conversation-link');
    button.type = 'button';
    button.append(el('span', 'conversation-name', c.title), el('span', 'conversation-members', c.members.join(', ')));
    if (state.view && state.view.id === c.id) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => openConversation(c.id));
    item.append(button);
    return item;
  }));
  $('no-conversations').hidden = sorted.length > 0;
}

$('new-conversation-toggle').addEventListener('click', () => toggleNewConversation());
$('new-conversation-cancel').addEventListener('click', () => toggleNewConversation(false));

function toggleNewConversation(open = $('new-conversation').hidden) {
  $('new-conversation').hidden = !open;
  $('new-conversation-toggle').setAttribute('aria-expanded', String(open));
  if (open) $('new-title').focus();
}

$('new-conversation').addEventListener('submit', async (event) => {
  event.preventDefault();
  const members = $('new-members').value.split(/[,\s]+/).map((m) => m.trim()).filter(Boolean);
  state.creating += 1; // our own new conversation is announced to us too: no toast for that one
  try {
    const created = await api('POST', '/api/conversations', { title: $('new-title').value, members });
    state.conversations.set(created.id, created);
    event.target.reset();
    toggleNewConversation(false);
    renderConversations();
    openConversation(created.id);
  } catch (error) {
    showError(`Could not create the conversation: ${error.message}`);
  } finally {
    state.creating -= 1; // an announcement arriving later finds the conversation known
  }
});

function closeView() {
  const view = state.view;
  if (!view) return;
  view.closed = true;
  view.unsubscribe.forEach((unsubscribe) => unsubscribe());
  view.typingUsers.forEach((timer) => clearTimeout(timer));
  stopTyping();
  state.view = null;
}

function openConversation(id) {
  if (state.view && state.view.id === id) return;
  closeView();
  const conversation = state.conversations.get(id);
  if (!conversation) return;
  sessionStorage.setItem(`parley.open.${state.user}`, id);
  const view = {
    id, closed: false, recovery: null, early: [], firstSeq: null, unsubscribe: [],
    presence: new Map(conversation.members.map((m) => [m, 'offline'])), typingUsers: new Map(),
  };
  state.view = view;
  $('conversation-title').textContent = conversation.title;
  $('messages').replaceChildren();
  $('typing').textContent = '';
  $('load-earlier').hidden = true;
  $('message').disabled = false;
  $('send').disabled = false;
  $('attach').disabled = false;
  renderConversations();
  renderMembers();
  renderPending();

  const base = `/topic/conversation.${id}`;
  view.unsubscribe.push(state.connection.subscribe(base, (body) => {
    const message = JSON.parse(body);
    if (view.recovery) view.recovery.live(message); else view.early.push(message);
  }, { onReady: () => catchUp(view), onRefused: (error) => showError(error) }));
  view.unsubscribe.push(state.connection.subscribe(`${base}.typing`, (body) => typingEvent(view, JSON.parse(body))));
  view.unsubscribe.push(state.connection.subscribe(`${base}.presence`, (body) => {
    const event = JSON.parse(body);
    view.presence.set(event.user, event.status);
    renderMembers();
  }));
  // asked after the presence topic, so no change falls between the snapshot and the live events
  view.unsubscribe.push(state.connection.subscribe(`/app/conversation.${id}.presence`, (body) => {
    const snapshot = JSON.parse(body);
    snapshot.members.forEach((m) => view.presence.set(m.user, m.status));
    renderMembers();
  }));
  $('message').focus();
}

/** After every (re)subscription: load what was missed, then live frames continue in order (recovery.js). */
async function catchUp(view) {
  try {
    if (!view.recovery) {
      const newest = await api('GET', `/api/conversations/${view.id}/messages?limit=${PAGE}`);
      if (view.closed) return;
      const lastSeq = newest.length ? newest[0].seq - 1 : 0;
      view.firstSeq = newest.length ? newest[0].seq : null;
      $('load-earlier').hidden = !(view.firstSeq > 1);
      view.recovery = createRecovery({
        lastSeq,
        fetchAfter: (after, limit) => api('GET', `/api/conversations/${view.id}/messages?after=${after}&limit=${limit}`),
        deliver: (message) => { if (!view.closed) renderMessage(message); },
      });
      newest.forEach((m) => view.recovery.live(m));
      view.early.splice(0).forEach((m) => view.recovery.live(m));
    }
    await view.recovery.start();
  } catch (error) {
    if (!view.closed) showError(`Could not load messages: ${error.message}`);
  }
}

$('load-earlier').addEventListener('click', async () => {
  const view = state.view;
  if (!view || !view.firstSeq) return;
  const earlier = await api('GET', `/api/conversations/${view.id}/messages?before=${view.firstSeq}&limit=${PAGE}`);
  if (view.closed || !earlier.length) return;
  view.firstSeq = earlier[0].seq;
  const first = $('messages').firstChild;
  earlier.forEach((m) => $('messages').insertBefore(messageItem(m), first));
  $('load-earlier').hidden = view.firstSeq <= 1;
});

// ---------- messages ----------

function messageItem(message, pending) {
  const item = el('li', 'message');
  const own = message.sender === state.user || pending;
  if (own) item.classList.add('own');
  if (message.senderType === 'service') item.classList.add('service');
  if (message.seq) item.dataset.seq = message.seq;
  if (message.clientMessageId) item.dataset.clientId = message.clientMessageId;
  const meta = el('div', 'meta');
  meta.append(el('span', 'sender', own ? `${message.sender || state.user} (you)` : message.sender));
  if (pending) {
    item.classList.add('pending');
    meta.append(el('span', 'state', pending));
  } else {
    const time = el('time', null, new Date(message.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
    time.dateTime = message.sentAt;
    time.title = new Date(message.sentAt).toLocaleString();
    meta.append(time);
  }
  item.append(meta, el('p', 'body', message.content));
  return item;
}

function renderMessage(message) {
  const list = $('messages');
  if (message.clientMessageId) {
    const mine = list.querySelector(`li[data-client-id="${CSS.escape(message.clientMessageId)}"]`);
    if (mine && message.sender === state.user) mine.remove();
  }
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const item = messageItem(message);
  const firstPending = list.querySelector('li.pending');
  list.insertBefore(item, firstPending);
  if (nearBottom || message.sender === state.user) list.scrollTop = list.scrollHeight;
}

/** Messages in the outbox of the open conversation, shown under the confirmed ones. */
function renderPending() {
  const view = state.view;
  if (!view || !state.outbox) return;
  const list = $('messages');
  const label = state.connection && state.connection.connected ? 'Sending…' : 'Waiting for connection…';
  list.querySelectorAll('li.pending').forEach((item) => {
    if (!state.outbox.has(item.dataset.clientId)) item.remove();
  });
  state.outbox.pending(view.id).forEach((item) => {
    const existing = list.querySelector(`li[data-client-id="${CSS.escape(item.clientMessageId)}"]`);
    if (existing && !existing.classList.contains('pending')) return;
    if (existing) {
      existing.querySelector('.state').textContent = label;
      return;
    }
    list.append(messageItem({ sender: state.user, content: item.content, clientMessageId: item.clientMessageId }, label));
  });
  list.scrollTop = list.scrollHeight;
}

function markFailed(clientMessageId, reason) {
  const item = $('messages').querySelector(`li[data-client-id="${CSS.escape(clientMessageId)}"]`);
  if (!item) return;
  item.classList.remove('pending');
  item.classList.add('failed');
  item.querySelector('.state').textContent = `Not sent: ${reason}`;
}

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  send();
});

$('message').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    send();
  }
});

$('message').addEventListener('input', () => {
  if ($('message').value.trim()) startTyping(); else stopTyping();
});

function send() {
  const input = $('message');
  const content = input.value;
  if (!content.trim() || !state.view) return;
  state.outbox.add(state.view.id, content);
  input.value = '';
  stopTyping();
  renderPending();
  pump();
}

let pumping = false;
/** Sends the outbox oldest first, one receipt at a time, so order survives refusals and reconnects. */
async function pump() {
  if (pumping) return;
  pumping = true;
  try {
    while (state.connection && state.connection.connected && state.outbox.size) {
      const item = state.outbox.next();
      try {
        await state.connection.send(`/app/conversation.${item.conversationId}.send`,
          { content: item.content, clientMessageId: item.clientMessageId });
        state.outbox.settle(item.clientMessageId);
        renderPending();
      } catch (error) {
        if (isRetryable(error.code)) {
          if (error.code !== 'DISCONNECTED') {
            showError(error);
            clearTimeout(state.retryTimer);
            state.retryTimer = setTimeout(pump, retryAfterMs(error.message) || 2000);
          }
          break;
        }
        state.outbox.settle(item.clientMessageId);
        markFailed(item.clientMessageId, describeError(error));
        showError(error);
      }
    }
  } finally {
    pumping = false;
  }
}

// ---------- typing ----------

let typingSentAt = 0;
let typingIdle = null;
let typingConversation = null;

function startTyping() {
  const view = state.view;
  if (!view) return;
  clearTimeout(typingIdle);
  typingIdle = setTimeout(stopTyping, TYPING_IDLE_MS);
  if (Date.now() - typingSentAt < TYPING_REPEAT_MS && typingConversation === view.id) return;
  if (state.connection.signal(`/app/conversation.${view.id}.typing`, { typing: true })) {
    typingSentAt = Date.now();
    typingConversation = view.id;
  }
}

function stopTyping() {
  clearTimeout(typingIdle);
  if (typingConversation && state.connection) {
    state.connection.signal(`/app/conversation.${typingConversation}.typing`, { typing: false });
  }
  typingConversation = null;
  typingSentAt = 0;
}

function typingEvent(view, event) {
  if (event.user === state.user) return;
  clearTimeout(view.typingUsers.get(event.user));
  if (event.typing) {
    view.typingUsers.set(event.user, setTimeout(() => { view.typingUsers.delete(event.user); renderTyping(view); },
      TYPING_SHOWN_MS));
  } else {
    view.typingUsers.delete(event.user);
  }
  renderTyping(view);
}

function renderTyping(view) {
  if (view.closed) return;
  const names = [...view.typingUsers.keys()].sort();
  $('typing').textContent = names.length === 0 ? ''
    : names.length === 1 ? `${names[0]} is typing…`
      : names.length === 2 ? `${names[0]} and ${names[1]} are typing…`
        : `${names.length} people are typing…`;
}

// ---------- presence ----------

function renderMembers() {
  const view = state.view;
  if (!view) return;
  const members = [...view.presence.entries()].sort(([a], [b]) => a.localeCompare(b));
  $('members').replaceChildren(...members.map(([name, status]) => {
    const item = el('li', `member status-${status}`);
    item.dataset.user = name;
    item.append(el('span', 'dot'), el('span', 'member-name', name === state.user ? `${name} (you)` : name),
      el('span', 'member-status', status));
    return item;
  }));
}

$('my-status').addEventListener('change', () => {
  state.myStatus = $('my-status').value;
  if (state.connection) state.connection.signal('/app/presence', { status: state.myStatus });
});

// ---------- files ----------

$('attach').addEventListener('click', () => $('file').click());
$('file').addEventListener('change', () => {
  [...$('file').files].forEach(upload);
  $('file').value = '';
});

function uploadEntry(key, name) {
  let entry = state.uploads.get(key);
  if (!entry) {
    const item = el('li', 'upload');
    const label = el('span', 'upload-label', name);
    const bar = el('progress');
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute('aria-label', `Progress of ${name}`);
    const stage = el('span', 'upload-stage', 'Uploading…');
    item.append(label, bar, stage);
    $('uploads').prepend(item);
    entry = { item, bar, stage, name, events: [] };
    state.uploads.set(key, entry);
  }
  return entry;
}

function upload(file) {
  const key = `local-${crypto.randomUUID()}`;
  const entry = uploadEntry(key, file.name);
  const form = new FormData();
  form.append('file', file);
  const request = new XMLHttpRequest();
  request.open('POST', '/api/files');
  request.setRequestHeader('Authorization', `Bearer ${state.token}`);
  request.upload.onprogress = (event) => {
    if (event.lengthComputable) {
      entry.stage.textContent = `Uploading ${Math.round((event.loaded / event.total) * 100)}%`;
    }
  };
  request.onload = () => {
    let answer = {};
    try { answer = JSON.parse(request.responseText); } catch { /* not JSON */ }
    if (request.status !== 202) {
      entry.item.classList.add('failed');
      entry.stage.textContent = `Failed: ${answer.detail || `HTTP ${request.status}`}`;
      return;
    }
    state.uploads.delete(key);
    const early = state.uploads.get(answer.fileId);
    state.uploads.set(answer.fileId, entry);
    entry.stage.textContent = 'Queued';
    if (early) {
      early.item.remove();
      early.events.forEach((e) => applyFileEvent(entry, e));
    }
  };
  request.onerror = () => {
    entry.item.classList.add('failed');
    entry.stage.textContent = 'Failed: the upload did not reach the server';
  };
  request.send(form);
}

function fileEvent(event) {
  const known = state.uploads.get(event.fileId);
  if (known) {
    applyFileEvent(known, event);
  } else {
    // progress can overtake the HTTP answer; keep it until the answer names the file
    const early = { item: el('li'), events: [event] };
    state.uploads.set(event.fileId, early);
  }
}

function applyFileEvent(entry, event) {
  if (!entry.bar) {
    entry.events.push(event);
    return;
  }
  entry.bar.value = event.percent;
  const kb = (bytes) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);
  if (event.stage === 'done') {
    entry.item.classList.add('done');
    entry.stage.textContent = `Done · ${event.contentType} · ${kb(event.size)} · sha256 ${event.sha256.slice(0, 12)}…`;
    entry.stage.title = event.sha256;
  } else if (event.stage === 'failed') {
    entry.item.classList.add('failed');
    entry.stage.textContent = `Failed: ${event.reason}`;
  } else {
    entry.stage.textContent = `${event.stage[0].toUpperCase()}${event.stage.slice(1)} ${event.percent}%`;
  }
}

// ---------- start ----------

if (state.token && state.user) {
  start();
} else {
  signOut();
}
