// One STOMP connection that stays up: reconnects with backoff and full jitter, re-subscribes after every reconnect
// (each SUBSCRIBE with a receipt, so the page knows when live frames flow again), and turns RECEIPTs and error
// reports into promises. The STOMP library underneath is a "driver": @stomp/stompjs 7 or the legacy stomp.js 2.3.
import { backoffDelay } from './backoff.js';

export const Status = Object.freeze({
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  RECONNECTING: 'reconnecting',
  OFFLINE: 'offline',
});

const ERRORS = '/user/queue/errors';

/**
 * @param {object} options
 * @param {{name: string, connect(callbacks: object): {subscribe: Function, send: Function, close: Function}}} options.driver
 * @param {() => object} options.connectHeaders headers of each CONNECT (read anew for every attempt)
 * @param {(status: string, detail: {retryInMs?: number, attempt?: number}) => void} [options.onStatus]
 * @param {() => void} [options.onConnected] after each successful (re)connect, once subscriptions are sent
 * @param {(error: {code: string, message: string}) => void} [options.onError] error reports that answer no receipt
 * @param {(message: string) => void} [options.onRefused] CONNECT refused for good (bad or expired token), or the
 *   session ended because its token expired: no retry
 * @param {() => (number|null)} [options.tokenExpiresAt] when the current token expires (ms since the epoch), if known
 * @param {() => Promise<{token: string, expiresAt: number}|null>} [options.refreshToken] a new token for the same
 *   user, or null if none can be had; asked a minute before expiry, and presented on the open session
 *   (SEND /app/session.refresh with the token in the Authorization header) so that the server does not end it
 * @param {{base?: number, max?: number}} [options.backoff]
 * @param {() => number} [options.random]
 * @param {() => boolean} [options.isOnline] false while the browser knows it has no network
 * @param {{setTimeout: Function, clearTimeout: Function}} [options.timers]
 */
export function createConnection({
  driver, connectHeaders, onStatus = () => {}, onConnected = () => {}, onError = () => {}, onRefused = () => {},
  backoff = {}, random = Math.random, isOnline = () => true, timers = globalThis,
  tokenExpiresAt = () => null, refreshToken = async () => null, now = Date.now,
}) {
  let refreshTimer = null;
  let generation = 0;
  let handle = null;
  let connected = false;
  let attempt = 0;
  let everConnected = false;
  let stopped = true;
  let retryTimer = null;
  let status = Status.OFFLINE;
  let counter = 0;
  const receipts = new Map();
  /** @type {Map<number, {destination: string, onFrame: Function, onReady?: Function, onRefused?: Function, live?: object}>} */
  const subscriptions = new Map();

  const nextId = (prefix) => `${prefix}-${++counter}`;

  function setStatus(next, detail = {}) {
    status = next;
    onStatus(next, detail);
  }

  function expectReceipt(id) {
    return new Promise((resolve, reject) => receipts.set(id, { resolve, reject }));
  }

  function failAllReceipts() {
    const pending = [...receipts.values()];
    receipts.clear();
    pending.forEach((p) => p.reject({ code: 'DISCONNECTED', message: 'The connection was lost' }));
  }

  function errorReport(body) {
    let error;
    try {
      error = JSON.parse(body);
    } catch {
      error = { code: 'BAD_REQUEST', message: String(body) };
    }
    const pending = error.receiptId && receipts.get(error.receiptId);
    if (pending) {
      receipts.delete(error.receiptId);
      pending.reject(error);
    } else {
      onError(error);
    }
  }

  function subscribeLive(entry) {
    const receipt = nextId('sub');
    entry.live = handle.subscribe(entry.destination, (body) => entry.onFrame(body), { receipt });
    expectReceipt(receipt).then(
      () => entry.onReady && entry.onReady(),
      (error) => { if (error.code !== 'DISCONNECTED' && entry.onRefused) entry.onRefused(error); },
    );
  }

  function open() {
    retryTimer = null;
    const gen = ++generation;
    setStatus(everConnected ? Status.RECONNECTING : Status.CONNECTING, { attempt });
    let refused = null;
    handle = driver.connect({
      headers: connectHeaders(),
      onConnected: () => {
        if (gen !== generation) return;
        connected = true;
        everConnected = true;
        attempt = 0;
        // the error queue first, so that refusals of what follows are heard
        handle.subscribe(ERRORS, errorReport, {});
        subscriptions.forEach(subscribeLive);
        setStatus(Status.CONNECTED);
        scheduleRefresh(gen);
        onConnected();
      },
      onReceipt: (id, headers = {}) => {
        const pending = receipts.get(id);
        if (pending) {
          receipts.delete(id);
          pending.resolve(headers);
        }
      },
      onStompError: (message) => {
        if (gen !== generation) return;
        refused = message || 'The server closed the connection';
      },
      onClosed: () => {
        if (gen !== generation) return;
        generation += 1;
        handle = null;
        connected = false;
        subscriptions.forEach((entry) => { entry.live = null; });
        failAllReceipts();
        if (refreshTimer) timers.clearTimeout(refreshTimer);
        refreshTimer = null;
        if (refused && /^(Unauthorized|TOKEN_EXPIRED)/.test(refused)) {
          stopped = true;
          setStatus(Status.OFFLINE);
          onRefused(refused);
          return;
        }
        if (stopped) {
          setStatus(Status.OFFLINE);
          return;
        }
        scheduleReconnect();
      },
    });
  }

  /** A minute before the token expires (at once if sooner), present a new one on this session. */
  function scheduleRefresh(gen) {
    const expiresAt = tokenExpiresAt();
    if (!expiresAt) return;
    const delay = Math.max(0, expiresAt - now() - 60000);
    refreshTimer = timers.setTimeout(async () => {
      refreshTimer = null;
      let fresh = null;
      try {
        fresh = await refreshToken();
      } catch {
        fresh = null;
      }
      if (!fresh || gen !== generation || !connected) return; // the server will end the session; sign in again
      const receipt = nextId('refresh');
      const confirmed = expectReceipt(receipt);
      handle.send('/app/session.refresh', { receipt, Authorization: `Bearer ${fresh.token}` }, '');
      confirmed.then(() => { if (gen === generation) scheduleRefresh(gen); }, () => {});
    }, delay);
  }

  function scheduleReconnect() {
    if (!isOnline()) {
      setStatus(Status.OFFLINE); // wake() on the browser's "online" event
      return;
    }
    const delay = backoffDelay(attempt, { ...backoff, random });
    attempt += 1;
    setStatus(Status.RECONNECTING, { retryInMs: delay, attempt });
    retryTimer = timers.setTimeout(open, delay);
  }

  return {
    get status() { return status; },
    get connected() { return connected; },
    get driverName() { return driver.name; },

    start() {
      if (!stopped) return;
      stopped = false;
      attempt = 0;
      open();
    },

    stop() {
      stopped = true;
      if (retryTimer) timers.clearTimeout(retryTimer);
      retryTimer = null;
      if (handle) {
        const closing = handle;
        generation += 1;
        handle = null;
        connected = false;
        failAllReceipts();
        closing.close();
      }
      setStatus(Status.OFFLINE);
    },

    /** Try now instead of waiting for the backoff timer (the network came back, or the user asked). */
    wake() {
      if (stopped || handle) return;
      if (retryTimer) timers.clearTimeout(retryTimer);
      open();
    },

    /** Drops the connection as a network failure would (for tests and "reconnect now"). */
    drop() {
      if (handle) handle.close();
    },

    /**
     * Keeps a subscription across reconnects. onReady runs each time its SUBSCRIBE is confirmed.
     * @returns {() => void} unsubscribe
     */
    subscribe(destination, onFrame, { onReady, onRefused: refusedHandler } = {}) {
      const key = ++counter;
      const entry = { destination, onFrame, onReady, onRefused: refusedHandler, live: null };
      subscriptions.set(key, entry);
      if (connected) subscribeLive(entry);
      return () => {
        subscriptions.delete(key);
        if (entry.live && connected) entry.live.unsubscribe();
      };
    },

    /**
     * SEND with a receipt: resolves with the RECEIPT's headers (a stored message or update names its `seq`), rejects
     * with the error report (or DISCONNECTED).
     */
    send(destination, body) {
      if (!connected) return Promise.reject({ code: 'DISCONNECTED', message: 'Not connected' });
      const receipt = nextId('send');
      const confirmed = expectReceipt(receipt);
      handle.send(destination, { receipt, 'content-type': 'application/json' }, JSON.stringify(body));
      return confirmed;
    },

    /** SEND without a receipt, for signals that are worthless later (typing, presence). */
    signal(destination, body) {
      if (!connected) return false;
      handle.send(destination, { 'content-type': 'application/json' }, JSON.stringify(body));
      return true;
    },
  };
}

/**
 * Driver for @stomp/stompjs 7: its `Client` class (`import { Client } from '@stomp/stompjs'`), or the namespace that
 * holds it (the `StompJs` global of its UMD bundle).
 */
export function modernDriver(StompJs, socketFactory) {
  const Client = typeof StompJs === 'function' ? StompJs : StompJs.Client;
  return {
    name: '@stomp/stompjs 7',
    connect({ headers, onConnected, onReceipt, onStompError, onClosed }) {
      let closed = false;
      const client = new Client({
        webSocketFactory: socketFactory,
        connectHeaders: headers,
        reconnectDelay: 0, // reconnecting is ours: backoff with jitter
        connectionTimeout: 10000,
        heartbeatIncoming: 10000,
        heartbeatOutgoing: 10000,
        onConnect: () => onConnected(),
        onUnhandledReceipt: (frame) => onReceipt(frame.headers['receipt-id'], frame.headers),
        onStompError: (frame) => onStompError(frame.headers.message, frame.body),
        onWebSocketClose: () => {
          if (closed) return;
          closed = true;
          client.deactivate({ force: true });
          onClosed();
        },
      });
      client.activate();
      return {
        subscribe: (destination, onFrame, subscribeHeaders) =>
          client.subscribe(destination, (message) => onFrame(message.body), subscribeHeaders),
        send: (destination, sendHeaders, body) => client.publish({ destination, headers: sendHeaders, body }),
        close: () => client.deactivate({ force: true }).then(() => {
          if (!closed) { closed = true; onClosed(); }
        }),
      };
    },
  };
}

/** Driver for the legacy stomp-websocket 2.3 client (the Stomp global of its webjar). */
export function legacyDriver(Stomp, socketFactory) {
  return {
    name: 'stomp.js 2.3 (legacy)',
    connect({ headers, onConnected, onReceipt, onStompError, onClosed }) {
      let closed = false;
      const finish = () => {
        if (closed) return;
        closed = true;
        onClosed();
      };
      const socket = socketFactory();
      const client = Stomp.over(socket);
      client.debug = null;
      client.heartbeat.outgoing = 10000;
      client.heartbeat.incoming = 10000;
      client.onreceipt = (frame) => onReceipt(frame.headers['receipt-id'], frame.headers);
      client.connect(headers, () => onConnected(), (error) => {
        // an ERROR frame (an object) or the text "Whoops! Lost connection..." when the socket closes
        if (error && typeof error === 'object' && error.command === 'ERROR') {
          onStompError(error.headers.message, error.body);
        } else {
          finish();
        }
      });
      const onclose = socket.onclose;
      socket.onclose = (event) => {
        if (onclose) onclose.call(socket, event);
        finish();
      };
      return {
        subscribe: (destination, onFrame, subscribeHeaders) =>
          client.subscribe(destination, (message) => onFrame(message.body), subscribeHeaders),
        send: (destination, sendHeaders, body) => client.send(destination, sendHeaders, body),
        close: () => {
          try { socket.close(); } catch { /* already closed */ }
          finish();
        },
      };
    },
  };
}
