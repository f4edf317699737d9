import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection, Status } from '../src/connection.js';
import { fakeTimers } from './fake-timers.mjs';

/** A driver whose connections the test opens, closes and answers by hand. */
function fakeDriver() {
  const connections = [];
  return {
    name: 'fake',
    connections,
    get last() { return connections[connections.length - 1]; },
    connect(callbacks) {
      const connection = {
        callbacks, headers: callbacks.headers, subscribed: [], sent: [], closed: false,
        subscribe(destination, onFrame, headers) {
          const entry = { destination, onFrame, headers, unsubscribed: false, unsubscribe() { entry.unsubscribed = true; } };
          connection.subscribed.push(entry);
          return entry;
        },
        send(destination, headers, body) { connection.sent.push({ destination, headers, body }); },
        close() { connection.closed = true; callbacks.onClosed(); },
        // test helpers
        up() { callbacks.onConnected(); },
        down() { callbacks.onClosed(); },
        receipt(id, headers) { callbacks.onReceipt(id, headers); },
        frame(destination, body) {
          connection.subscribed.filter((s) => s.destination === destination).forEach((s) => s.onFrame(body));
        },
      };
      connections.push(connection);
      return connection;
    },
  };
}

function setup(extra = {}) {
  const driver = fakeDriver();
  const timers = fakeTimers();
  const statuses = [];
  let token = 't1';
  const connection = createConnection({
    driver, timers, random: () => 0.5, backoff: { base: 1000, max: 8000 },
    connectHeaders: () => ({ Authorization: `Bearer ${token}` }),
    onStatus: (status) => statuses.push(status),
    ...extra,
  });
  return { driver, timers, statuses, connection, setToken: (t) => { token = t; } };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

test('connects, then reconnects after a drop with growing jittered delays and fresh headers', () => {
  const { driver, timers, statuses, connection, setToken } = setup();
  connection.start();
  assert.equal(statuses.at(-1), Status.CONNECTING);
  driver.last.up();
  assert.equal(connection.status, Status.CONNECTED);

  driver.last.down();
  assert.equal(connection.status, Status.RECONNECTING);
  assert.equal(timers.pending.length, 1);
  setToken('t2');
  assert.equal(timers.runNext(), 500, 'half (random 0.5) of the first ceiling, 1000 ms');
  assert.equal(driver.connections.length, 2);
  assert.equal(driver.last.headers.Authorization, 'Bearer t2');
  driver.last.down(); // the server is still away
  assert.equal(timers.runNext(), 1000);
  driver.last.down();
  assert.equal(timers.runNext(), 2000);
  driver.last.down();
  assert.equal(timers.runNext(), 4000);
  driver.last.down();
  assert.equal(timers.runNext(), 4000, 'capped at max 8000 ms, half of it');
  driver.last.up();
  assert.equal(connection.status, Status.CONNECTED);
  driver.last.down();
  assert.equal(timers.runNext(), 500, 'a successful connect starts the backoff over');
  assert.deepEqual(statuses.slice(0, 4), [Status.CONNECTING, Status.CONNECTED, Status.RECONNECTING, Status.RECONNECTING]);
});

test('subscriptions come back after every reconnect, each confirmed by its receipt', async () => {
  const { driver, timers, connection } = setup();
  const frames = [];
  let ready = 0;
  connection.subscribe('/topic/conversation.c1', (body) => frames.push(body), { onReady: () => { ready += 1; } });
  connection.start();
  driver.last.up();
  const first = driver.last.subscribed.map((s) => s.destination);
  assert.deepEqual(first, ['/user/queue/errors', '/topic/conversation.c1'], 'errors first, so refusals are heard');
  const topic = driver.last.subscribed[1];
  assert.ok(topic.headers.receipt);
  driver.last.receipt(topic.headers.receipt);
  await flush();
  assert.equal(ready, 1);
  driver.last.frame('/topic/conversation.c1', 'hello');

  driver.last.down();
  timers.runNext();
  driver.last.up();
  const again = driver.last.subscribed[1];
  assert.equal(again.destination, '/topic/conversation.c1');
  driver.last.receipt(again.headers.receipt);
  await flush();
  assert.equal(ready, 2, 'onReady runs again: the page catches up what it missed');
  driver.last.frame('/topic/conversation.c1', 'again');
  assert.deepEqual(frames, ['hello', 'again']);
});

test('sends resolve on RECEIPT, reject with the error report naming the receipt, and fail when the line drops', async () => {
  const { driver, timers, connection } = setup();
  connection.start();
  driver.last.up();
  const ok = connection.send('/app/conversation.c1.send', { content: 'hi' });
  const refused = connection.send('/app/conversation.c1.send', { content: '' });
  const lost = connection.send('/app/conversation.c1.send', { content: 'late' });
  const [a, b] = driver.last.sent;
  assert.equal(JSON.parse(a.body).content, 'hi');
  driver.last.receipt(a.headers.receipt);
  await ok;
  driver.last.frame('/user/queue/errors', JSON.stringify({ code: 'VALIDATION', message: 'content must not be empty', receiptId: b.headers.receipt }));
  await assert.rejects(refused, (e) => e.code === 'VALIDATION');
  driver.last.down();
  await assert.rejects(lost, (e) => e.code === 'DISCONNECTED');
  await assert.rejects(connection.send('/app/x', {}), (e) => e.code === 'DISCONNECTED');
  assert.equal(connection.signal('/app/presence', { status: 'away' }), false);
  timers.runNext();
  driver.last.up();
  assert.equal(connection.signal('/app/presence', { status: 'away' }), true);
});

test('error reports that answer no receipt go to onError', () => {
  const errors = [];
  const { driver, connection } = setup({ onError: (e) => errors.push(e) });
  connection.start();
  driver.last.up();
  driver.last.frame('/user/queue/errors', JSON.stringify({ code: 'RATE_LIMITED', message: 'slow down' }));
  driver.last.frame('/user/queue/errors', 'not json');
  assert.deepEqual(errors.map((e) => e.code), ['RATE_LIMITED', 'BAD_REQUEST']);
});

test('a refused sign-in stops reconnecting; other ERROR frames are retried', () => {
  const refusals = [];
  const { driver, timers, connection } = setup({ onRefused: (m) => refusals.push(m) });
  connection.start();
  driver.last.callbacks.onStompError('Too many sessions: limit 4');
  driver.last.down();
  assert.equal(connection.status, Status.RECONNECTING);
  timers.runNext();
  driver.last.callbacks.onStompError('Unauthorized: Token has expired');
  driver.last.down();
  assert.equal(connection.status, Status.OFFLINE);
  assert.deepEqual(refusals, ['Unauthorized: Token has expired']);
  assert.equal(timers.pending.length, 0);
});

test('offline waits for wake(), stop() stays stopped, unsubscribe forgets the subscription', () => {
  let online = false;
  const { driver, timers, connection } = setup({ isOnline: () => online });
  const unsubscribe = connection.subscribe('/topic/conversation.c1', () => {});
  connection.start();
  driver.last.up();
  driver.last.down();
  assert.equal(connection.status, Status.OFFLINE);
  assert.equal(timers.pending.length, 0);
  online = true;
  connection.wake();
  driver.last.up();
  const live = driver.last.subscribed[1];
  unsubscribe();
  assert.ok(live.unsubscribed);
  connection.stop();
  assert.ok(driver.last.closed);
  assert.equal(connection.status, Status.OFFLINE);
  assert.equal(timers.pending.length, 0);
  connection.wake();
  assert.equal(driver.connections.length, 2, 'no reconnect after stop()');
  connection.start();
  driver.last.up();
  assert.deepEqual(driver.last.subscribed.map((s) => s.destination), ['/user/queue/errors']);
});

test('a minute before the token expires, a new one is presented on the open session, and again after that', async () => {
  let clock = 1_000_000;
  let expiresAt = clock + 120_000;
  const { driver, timers, connection } = setup({
    now: () => clock,
    tokenExpiresAt: () => expiresAt,
    refreshToken: async () => { expiresAt = clock + 120_000; return { token: 't2', expiresAt }; },
  });
  connection.start();
  driver.last.up();
  const refresh = timers.pending.find((t) => t.delay === 60_000);
  assert.ok(refresh, 'a refresh is due a minute before expiry');
  timers.pending.splice(timers.pending.indexOf(refresh), 1);
  clock += 60_000;
  refresh.fn();
  await flush();
  const sent = driver.last.sent.find((s) => s.destination === '/app/session.refresh');
  assert.ok(sent, 'SEND /app/session.refresh');
  assert.equal(sent.headers.Authorization, 'Bearer t2');
  assert.equal(sent.body, '');
  driver.last.receipt(sent.headers.receipt);
  await flush();
  assert.ok(timers.pending.some((t) => t.delay === 60_000), 'the next refresh is scheduled for the new token');
});

test('a session the server ends because its token expired is not retried', () => {
  const refusals = [];
  const { driver, timers, connection } = setup({ onRefused: (message) => refusals.push(message) });
  connection.start();
  driver.last.up();
  driver.last.callbacks.onStompError('TOKEN_EXPIRED: the session\'s token expired at ...');
  driver.last.down();
  assert.equal(connection.status, Status.OFFLINE);
  assert.equal(refusals.length, 1);
  assert.equal(timers.pending.length, 0, 'no reconnect');
});

test("a send resolves with the RECEIPT's headers: the seq of what was stored", async () => {
  const { driver, connection } = setup();
  connection.start();
  driver.last.up();
  const edited = connection.send('/app/conversation.c1.edit', { messageId: 'm1', content: 'better' });
  const repeated = connection.send('/app/conversation.c1.react', { messageId: 'm1', emoji: '👍', on: true });
  const [edit, react] = driver.last.sent;
  driver.last.receipt(edit.headers.receipt, { 'receipt-id': edit.headers.receipt, seq: '42' });
  driver.last.receipt(react.headers.receipt);
  assert.equal((await edited).seq, '42');
  assert.deepEqual(await repeated, {}, 'a repeat that changed nothing has no seq');
});
