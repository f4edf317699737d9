// The high-level client: one object a web app (or a Node service) chats through. It is built from the modules next
// to it, the same ones the sample page uses: connection.js (reconnect with backoff and full jitter, resubscribe with
// receipts, token refresh), outbox.js and sender.js (clientMessageIds kept across reconnects, one RECEIPT at a time),
// feed.js and recovery.js (history after every (re)subscription, merged with live frames by seq, no duplicates),
// thread.js (each message in its current state), typing.js, read-marker.js, reads.js and doc-sync.js.
//
// It imports no STOMP library: pass `Client` (from '@stomp/stompjs') or a `driver` (connection.js); the package's
// main entry (index.js) passes @stomp/stompjs's Client for you.
import { createConnection, modernDriver, Status } from './connection.js';
import { createDocSync } from './doc-sync.js';
import { backoffDelay } from './backoff.js';
import { describeChangeError, describeError, isRetryable } from './errors.js';
import { createFeed } from './feed.js';
import { createOutbox } from './outbox.js';
import { createReadMarker } from './read-marker.js';
import { createSender } from './sender.js';
import { createThread } from './thread.js';
import { createTypingSignal } from './typing.js';

const STOMP_PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];

/** What a log entry's `type` is called as an event. */
const ENTRY_EVENTS = {
  message: 'message', 'message-edited': 'edit', 'message-deleted': 'delete', reaction: 'reaction',
};

/** An error report of Parley's (STOMP or HTTP) as an Error: `code`, the server's `detail`, and `words` to show. */
export class ParleyError extends Error {
  constructor({ code = 'UNKNOWN', message, detail, words, status, problem, receiptId, destination } = {}) {
    const text = detail !== undefined ? detail : message;
    const sentence = words || describeError({ code, message: text });
    super(sentence);
    this.name = 'ParleyError';
    this.code = code;
    this.detail = text || '';
    this.words = sentence;
    if (status !== undefined) this.status = status;
    if (problem !== undefined) this.problem = problem;
    if (receiptId !== undefined) this.receiptId = receiptId;
    if (destination !== undefined) this.destination = destination;
  }
}

const asError = (error, words) => (error instanceof ParleyError ? error
  : new ParleyError({ ...(error || {}), code: (error && error.code) || 'UNKNOWN',
    message: error && (error.message || error.detail), words }));

/** The claims of a JWT (not verified: only to read `sub` and `exp`), or {} if it is not one. */
export function tokenClaims(token) {
  try {
    const part = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent([...atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '='))]
      .map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : {};
  } catch {
    return {};
  }
}

/** The server's base URL (http or https, no trailing slash) and its WebSocket endpoint, from either. */
export function serverUrls(url) {
  const base = new URL(url || (globalThis.location && globalThis.location.origin));
  const secure = base.protocol === 'https:' || base.protocol === 'wss:';
  let path = base.pathname.replace(/\/+$/, '');
  if (base.protocol.startsWith('ws') && path.endsWith('/ws')) path = path.slice(0, -3);
  const http = `${secure ? 'https' : 'http'}://${base.host}${path}`;
  return { http, ws: `${secure ? 'wss' : 'ws'}://${base.host}${path}/ws` };
}

/**
 * Signs in with a username and password (POST /api/auth/token): {token, expiresAt (ms since the epoch)}. Use it for
 * the first token and as `refreshToken`. Throws a ParleyError (UNAUTHORIZED for wrong credentials).
 */
export async function signIn(url, username, password, { fetch: fetchImpl = globalThis.fetch } = {}) {
  const response = await fetchImpl(`${serverUrls(url).http}/api/auth/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw problemError(response.status, data);
  return { token: data.token, expiresAt: Date.parse(data.expiresAt) };
}

function problemError(status, data) {
  const codes = { 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 410: 'GONE',
    413: 'VALIDATION', 429: 'RATE_LIMITED', 503: 'UNAVAILABLE' };
  const problem = data && typeof data === 'object' ? data : {};
  return new ParleyError({
    code: problem.code || codes[status] || 'UNAVAILABLE', message: problem.detail || `HTTP ${status}`, status, problem,
  });
}

/** A tiny event emitter: on() returns the function that takes the listener off again. */
function createEmitter(onListenerError) {
  const listeners = new Map();
  return {
    on(type, listener) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type).add(listener);
      return () => listeners.get(type).delete(listener);
    },
    off(type, listener) {
      if (listeners.has(type)) listeners.get(type).delete(listener);
    },
    emit(type, event) {
      (listeners.get(type) || []).forEach((listener) => {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      });
    },
  };
}

/**
 * @param {object} options see types/core.d.ts (ParleyClientOptions) and the README
 */
export function createParleyClient(options = {}) {
  const {
    url, Client, driver: givenDriver, webSocketFactory, fetch: fetchImpl = (...a) => globalThis.fetch(...a),
    storage, storageKey, isOnline, timers = globalThis, random, backoff, now = Date.now, receiptTimeoutMs = 10000,
    refreshToken,
  } = options;
  if (!options.token) throw new TypeError('createParleyClient: a token is needed (POST /api/auth/token, or signIn())');
  const urls = serverUrls(url);
  let token = options.token;
  const expiry = (given, jwt) => (typeof given === 'string' ? Date.parse(given) : given)
    || (tokenClaims(jwt).exp ? tokenClaims(jwt).exp * 1000 : null);
  let expiresAt = expiry(options.expiresAt, token);
  const user = options.user || tokenClaims(token).sub;
  const emitter = createEmitter((error) => { if (globalThis.console) console.error(error); });
  const { emit } = emitter;
  const newClientId = options.newId || (() => crypto.randomUUID());

  const driver = givenDriver || (() => {
    if (!Client) throw new TypeError('createParleyClient: pass Client (from @stomp/stompjs) or a driver');
    return modernDriver(Client, webSocketFactory || (() => new WebSocket(urls.ws, STOMP_PROTOCOLS)));
  })();

  // ---------- the token ----------

  let refreshing = null;
  /** A new token from options.refreshToken (one call at a time); null if there is none. */
  function refresh() {
    if (!refreshToken) return Promise.resolve(null);
    if (!refreshing) {
      refreshing = (async () => {
        try {
          const fresh = await refreshToken();
          if (!fresh) return null;
          const next = typeof fresh === 'string' ? { token: fresh } : fresh;
          if (!next.token) return null;
          token = next.token;
          expiresAt = expiry(next.expiresAt, token);
          emit('token', { token, expiresAt });
          return { token, expiresAt };
        } catch {
          return null;
        } finally {
          refreshing = null;
        }
      })();
    }
    return refreshing;
  }

  // ---------- HTTP ----------

  /** The HTTP API with the token in the Authorization header (never in the URL); a 401 refreshes the token once. */
  async function api(method, path, body, retried = false) {
    const response = await fetchImpl(`${urls.http}${path}`, {
      method,
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (response.status === 401 && !retried && await refresh()) return api(method, path, body, true);
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw problemError(response.status, data);
    return data;
  }

  // ---------- the connection, the outbox ----------

  let signedOut = false;
  let triedRefresh = false;
  const waiting = new Set(); // connect() calls waiting for the next connect

  const connection = createConnection({
    driver,
    connectHeaders: () => ({ Authorization: `Bearer ${token}` }),
    tokenExpiresAt: () => expiresAt,
    refreshToken: refresh,
    onStatus: (status, detail) => emit('status', { status, ...detail }),
    onConnected: () => {
      triedRefresh = false;
      waiting.forEach((w) => w.resolve());
      waiting.clear();
      emit('connected', {});
      sender.pump();
    },
    onError: (error) => emit('error', asError(error)),
    onRefused: async (message) => {
      // an expired token: get a new one and connect again (once per refusal), or give up
      if (!triedRefresh && !signedOut && await refresh()) {
        triedRefresh = true;
        connection.start();
        return;
      }
      const error = new ParleyError({ code: 'UNAUTHORIZED', message });
      waiting.forEach((w) => w.reject(error));
      waiting.clear();
      emit('signedOut', error);
    },
    ...(isOnline ? { isOnline } : {}),
    ...(random ? { random } : {}),
    ...(backoff ? { backoff } : {}),
    timers,
    now,
  });

  const outbox = createOutbox({
    ...(storage ? { storage, key: storageKey || `parley.outbox.${user}` } : {}),
    ...(options.newId ? { newId: options.newId } : {}),
    now,
  });
  /** clientMessageId → the promise room.send() returned */
  const sending = new Map();
  const sender = createSender({
    connection,
    outbox,
    timers,
    onChange: () => emit('outbox', { pending: outbox.pending() }),
    onSent: (item, receipt) => {
      const seq = receipt.seq !== undefined ? Number(receipt.seq) : undefined;
      const sent = { clientMessageId: item.clientMessageId, conversationId: item.conversationId, seq };
      const pending = sending.get(item.clientMessageId);
      sending.delete(item.clientMessageId);
      if (pending) pending.resolve(sent);
      emit('sent', sent);
    },
    onFailed: (clientMessageId, words, error, item) => {
      const failure = new ParleyError({ ...error, words });
      const pending = sending.get(clientMessageId);
      sending.delete(clientMessageId);
      if (pending) pending.reject(failure);
      emit('failed', { clientMessageId, conversationId: item && item.conversationId, content: item && item.content,
        error: failure, words });
    },
    onError: (error) => emit('error', asError(error)),
  });

  // the user's own queues, kept across reconnects
  const json = (body) => { try { return JSON.parse(body); } catch { return body; } };
  connection.subscribe('/user/queue/notifications', (body) => emit('notification', json(body)));
  connection.subscribe('/user/queue/files', (body) => emit('file', json(body)));
  connection.subscribe('/user/queue/conversations', (body) => {
    const event = json(body);
    if (event.type === 'read') emit('readState', event);
    else if (event.type === 'document') emit('document', event);
    else emit('conversation', event);
  });

  function connect() {
    if (signedOut) return Promise.reject(new ParleyError({ code: 'UNAUTHORIZED', message: 'closed' }));
    if (connection.connected) return Promise.resolve();
    const promise = new Promise((resolve, reject) => waiting.add({ resolve, reject }));
    connection.start();
    return promise;
  }

  /** SEND with a receipt, as a ParleyError when refused, lost or unconfirmed within receiptTimeoutMs. */
  function sendWithReceipt(destination, body, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = timers.setTimeout(() => reject({ code: 'TIMEOUT', message: 'no receipt' }), receiptTimeoutMs);
    });
    return Promise.race([connection.send(destination, body), timeout])
      .finally(() => timers.clearTimeout(timer))
      .then(
        (headers) => ({ ...(headers && headers.seq !== undefined ? { seq: Number(headers.seq) } : {}),
          ...(headers && headers.version !== undefined ? { version: Number(headers.version) } : {}) }),
        (error) => { throw asError(error, what ? describeChangeError(what, error) : undefined); },
      );
  }

  // ---------- conversations ----------

  const rooms = new Map();

  /**
   * Joins a conversation: subscribes its topics (each with a receipt), loads the newest page of history (or, with
   * `after`, everything after that seq) and from then on delivers every entry once, in seq order, as events; after
   * every reconnect what was missed is fetched first. Resolves once the first page is delivered.
   */
  async function join(conversationId, { after, pageSize = 50, typing = true, presence = true, reads = true } = {}) {
    if (rooms.has(conversationId)) return rooms.get(conversationId).ready;
    let conversation = null;
    const room = createRoom({ conversationId, after, pageSize, typing, presence, reads, creator: () => conversation
      && conversation.createdBy });
    rooms.set(conversationId, room);
    // who created it (may delete any message): known from the list, if we have it
    api('GET', '/api/conversations').then((list) => {
      conversation = (list || []).find((c) => c.id === conversationId) || null;
    }, () => {});
    connect().catch((error) => room.fail(error));
    return room.ready;
  }

  function createRoom({ conversationId: id, after, pageSize, typing, presence, reads, creator }) {
    const base = `/topic/conversation.${id}`;
    const unsubscribe = [];
    let left = false;
    let settle;
    const ready = new Promise((resolve, reject) => { settle = { resolve, reject }; });
    const thread = createThread({ me: () => user, creator });
    const typingSignal = createTypingSignal({
      signal: (cid, on) => connection.signal(`/app/conversation.${cid}.typing`, { typing: on }), timers, now,
    });
    const marker = createReadMarker({
      send: (seq) => connection.send(`/app/conversation.${id}.read`, { seq }), timers, now,
    });
    const on = (type, listener) => emitter.on(type, (event) => {
      if (event && event.conversationId === id) listener(event);
    });
    const changed = (ids) => { if (ids.length) emit('changed', { conversationId: id, ids }); };

    const feed = createFeed({
      pageSize,
      after,
      fetchPage: (query) => api('GET', `/api/conversations/${id}/messages?${new URLSearchParams(query)}`),
      deliver: (entry) => {
        if (left) return;
        const result = thread.apply(entry);
        const event = { ...entry, conversationId: entry.conversationId || id };
        emit('entry', event);
        emit(ENTRY_EVENTS[entry.type || 'message'] || 'entry', event);
        changed([...(result.added ? [result.added] : []), ...result.changed]);
      },
    });

    let catchingUp = false;
    let again = false;
    let retry = null;
    let failures = 0;

    /**
     * After every confirmed (re)subscription: history, then what was missed. One at a time (a resubscription during
     * one runs another after it). A transient failure (the network, 429, 503) is tried again with backoff and full
     * jitter, not reported as a failed join: the history is there to be fetched. Refusals (403, 404) end the join.
     */
    async function catchUp() {
      if (retry) { timers.clearTimeout(retry); retry = null; }
      if (catchingUp) { again = true; return; }
      catchingUp = true;
      try {
        do { again = false; await feed.catchUp(); } while (again && !left);
        failures = 0;
        settle.resolve(handle);
      } catch (error) {
        const failure = asError(error);
        emit('error', Object.assign(failure, { conversationId: id }));
        if (!left && (isRetryable(failure.code) || failure.code === 'UNKNOWN')) {
          retry = timers.setTimeout(() => {
            retry = null;
            // not connected: the next resubscription catches up anyway
            if (!left && connection.connected) catchUp();
          }, backoffDelay(failures++, { ...(backoff || {}), ...(random ? { random } : {}) }));
        } else {
          settle.reject(failure);
        }
      } finally {
        catchingUp = false;
      }
    }

    function refused(error) {
      const failure = asError(error);
      settle.reject(failure);
      emit('error', Object.assign(failure, { conversationId: id }));
      leave();
    }

    const parsed = (fn) => (body) => { if (!left) fn(json(body)); };
    unsubscribe.push(connection.subscribe(base, parsed((entry) => feed.live(entry)),
      { onReady: catchUp, onRefused: refused }));
    if (typing) {
      unsubscribe.push(connection.subscribe(`${base}.typing`, parsed((event) => {
        if (event.user !== user) emit('typing', { conversationId: id, user: event.user, typing: Boolean(event.typing) });
      })));
    }
    if (reads) {
      unsubscribe.push(connection.subscribe(`${base}.read`, parsed((event) => emit('read',
        { conversationId: id, user: event.user, seq: Number(event.seq) }))));
    }
    if (presence) {
      const presenceEvent = parsed((event) => {
        if (event.type === 'presence-snapshot') {
          (event.members || []).forEach((m) => emit('presence',
            { conversationId: id, user: m.user, status: m.status, snapshot: true }));
        } else {
          emit('presence', { conversationId: id, user: event.user, status: event.status, snapshot: false });
        }
      });
      unsubscribe.push(connection.subscribe(`${base}.presence`, presenceEvent));
      // asked after the topic, so no change falls between the snapshot and the live events
      unsubscribe.push(connection.subscribe(`/app/conversation.${id}.presence`, presenceEvent));
    }

    /**
     * An edit, delete or reaction, already shown in the thread's state (token), confirmed or taken back by its
     * receipt. Without a token (a message not loaded, or one the thread thinks you may not change) it is sent as it
     * is, and the server decides.
     */
    async function change(token, action, body, what) {
      if (!token) return sendWithReceipt(`/app/conversation.${id}.${action}`, body, what);
      try {
        const result = await sendWithReceipt(`/app/conversation.${id}.${action}`, body, what);
        changed(thread.confirmed(token, result.seq));
        return result;
      } catch (error) {
        changed(thread.refused(token));
        throw error;
      }
    }

    function leave() {
      if (left) return;
      left = true;
      if (retry) { timers.clearTimeout(retry); retry = null; }
      rooms.delete(id);
      feed.close();
      typingSignal.stop();
      marker.stop();
      unsubscribe.forEach((u) => u());
    }

    const handle = {
      id,
      ready,
      on(type, listener) { return on(type, listener); },
      /**
       * Sends a message (a reply with `replyTo`): queued in the outbox with its clientMessageId and sent when its turn
       * comes, again after a reconnect if need be. Resolves with {clientMessageId, conversationId, seq} once stored.
       */
      send(content, { replyTo } = {}) {
        const item = sender.send(id, content, replyTo);
        typingSignal.stop();
        return new Promise((resolve, reject) => sending.set(item.clientMessageId, { resolve, reject }));
      },
      /** Edits your message: shown at once in messages(), kept if its RECEIPT comes, taken back if refused. */
      edit(messageId, content) {
        const { token, changed: ids } = thread.edit(messageId, content);
        changed(ids);
        return change(token, 'edit', { messageId, content, clientMessageId: newClientId() }, 'edit the message');
      },
      /** Deletes a message (yours, or any if you created the conversation): a tombstone stays. */
      delete(messageId) {
        const { token, changed: ids } = thread.delete(messageId);
        changed(ids);
        return change(token, 'delete', { messageId, clientMessageId: newClientId() }, 'delete the message');
      },
      /** Toggles your reaction, or sets it with `on` (true or false). */
      react(messageId, emoji, on) {
        const shown = thread.view(messageId);
        if (!shown) return change(null, 'react', { messageId, emoji, on: on !== false, clientMessageId: newClientId() }, 'react');
        const mine = shown.reactions.some((r) => r.emoji === emoji && r.mine);
        if (on !== undefined && Boolean(on) === mine) return Promise.resolve({});
        const result = thread.react(messageId, emoji);
        changed(result.changed);
        return change(result.token, 'react', { messageId, emoji, on: result.on, clientMessageId: newClientId() }, 'react');
      },
      /** A keystroke in the composer: "typing" at once, again while typing, "stopped" after 3 s without one. */
      typing() { typingSignal.start(id); },
      stopTyping() { typingSignal.stop(); },
      /** You have read up to seq (default: the last entry delivered); sent at most once a second. */
      markRead(seq = thread.lastSeq) { if (seq > 0) marker.mark(seq); },
      /** Every member's read position: [{user, seq}]. */
      reads() { return api('GET', `/api/conversations/${id}/reads`); },
      /** The page before the oldest loaded (oldest first; [] when there is none). */
      async earlier() {
        const page = await feed.earlier();
        const ids = thread.earlier(page);
        changed(ids);
        return page;
      },
      get hasEarlier() { return feed.hasEarlier; },
      /** The messages loaded, in seq order, each in its current state (with your unconfirmed changes). */
      messages() { return thread.ids().map((mid) => thread.view(mid)); },
      message(messageId) { return thread.view(messageId); },
      /** The last seq delivered: pass it as `after` to join again later without missing anything. */
      get lastSeq() { return thread.lastSeq; },
      /** Messages of this conversation still in the outbox. */
      get pending() { return outbox.pending(id); },
      documents() { return api('GET', `/api/conversations/${id}/documents`); },
      createDocument(title) { return api('POST', `/api/conversations/${id}/documents`, { title }); },
      openDocument(documentId) { return openDocument(id, documentId, unsubscribe); },
      leave,
      /** @internal the client could not connect: the join fails */
      fail(error) {
        settle.reject(asError(error));
        leave();
      },
    };

    return handle;
  }

  // ---------- documents ----------

  async function openDocument(conversationId, documentId, roomSubscriptions) {
    const path = `/api/conversations/${conversationId}/documents/${documentId}`;
    const topic = `/topic/conversation.${conversationId}.doc.${documentId}`;
    const events = createEmitter((error) => { if (globalThis.console) console.error(error); });
    const snapshot = await api('GET', path);
    let closed = false;
    const sync = createDocSync({
      user: () => user,
      send: (body) => sendWithReceipt(`/app/conversation.${conversationId}.doc.${documentId}.op`, body)
        .catch((error) => { throw { code: error.code, message: error.detail || error.message }; }),
      fetchOps: (from, limit) => api('GET', `${path}/ops?after=${from}&limit=${limit}`),
      fetchSnapshot: () => api('GET', path),
      onText: (change) => events.emit('text', change),
      onState: (state) => events.emit('state', state),
      onProblem: (message) => events.emit('problem', message),
      setTimeout: (fn, ms) => timers.setTimeout(fn, ms),
    });
    sync.load(snapshot);
    const subscriptions = [
      connection.subscribe(topic, (body) => sync.receive(json(body)), {
        onReady: () => { if (!closed) sync.online(); },
        onRefused: (error) => events.emit('problem', describeError(error)),
      }),
      connection.subscribe(`${topic}.cursors`, (body) => {
        const event = json(body);
        if (event.user !== user) events.emit('cursor', event);
      }),
    ];
    const offline = emitter.on('status', ({ status }) => { if (status !== Status.CONNECTED) sync.offline(); });
    if (!connection.connected) sync.offline();
    const close = () => {
      if (closed) return;
      closed = true;
      sync.close();
      offline();
      connection.signal(`/app/conversation.${conversationId}.doc.${documentId}.cursor`, { version: sync.version });
      subscriptions.forEach((u) => u());
    };
    roomSubscriptions.push(close);
    return {
      id: documentId,
      title: snapshot.title,
      get text() { return sync.text; },
      get version() { return sync.version; },
      get state() { return sync.state; },
      /** An edit made locally, as an op in code points (ot-text.js; text-diff.js makes one from two texts). */
      edit(op) { sync.edit(op); },
      /** Where your caret or selection is (code points); null for both takes it out of the document. */
      cursor(anchor, head = anchor) {
        return connection.signal(`/app/conversation.${conversationId}.doc.${documentId}.cursor`,
          { version: sync.version, anchor, head });
      },
      on: (type, listener) => events.on(type, listener),
      /** Resolves once the remote work queued so far is done. */
      idle: () => sync.idle(),
      close,
    };
  }

  return {
    /** Who the token is for. */
    get user() { return user; },
    get status() { return connection.status; },
    get connected() { return connection.connected; },
    /** Messages written but not yet stored (every conversation), oldest first. */
    get pending() { return outbox.pending(); },
    on: emitter.on,
    off: emitter.off,
    /** Connects (joining connects too); resolves once connected, rejects if the token is refused for good. */
    connect,
    /** Try to reconnect now instead of waiting for the backoff (the network is back, the user asked). */
    reconnectNow() { connection.wake(); },
    /** Drops the connection as a network failure would; it comes back by itself. */
    drop() { connection.drop(); },
    join,
    room: (conversationId) => rooms.get(conversationId),
    /** The HTTP API with the token: api('GET', '/api/conversations'). */
    api,
    conversations: () => api('GET', '/api/conversations'),
    createConversation: ({ title, members = [] }) => api('POST', '/api/conversations', { title, members }),
    /** Your own status: 'online' or 'away'. */
    setPresence(status) { return connection.signal('/app/presence', { status }); },
    /** Leaves every conversation and disconnects; messages still in the outbox stay there (and in storage). */
    close() {
      signedOut = true;
      const closed = new ParleyError({ code: 'DISCONNECTED', message: 'The client was closed' });
      waiting.forEach((w) => w.reject(closed));
      waiting.clear();
      [...rooms.values()].forEach((room) => room.leave());
      sender.stop();
      connection.stop();
      sending.forEach((p) => p.reject(closed));
      sending.clear();
    },
  };
}
