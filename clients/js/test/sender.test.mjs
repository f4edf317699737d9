// Unit tests of the outbox pump; run by `node --test` (./mvnw verify runs them through JavaScriptUnitTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOutbox } from '../src/outbox.js';
import { createSender } from '../src/sender.js';
import { fakeTimers } from './fake-timers.mjs';

/** A connection whose SENDs the test answers by hand: ok() is a RECEIPT, fail(error) an error report. */
function fakeConnection() {
  const connection = {
    connected: true,
    sent: [],
    send(destination, body) {
      return new Promise((resolve, reject) => connection.sent.push({ destination, body, ok: resolve, fail: reject }));
    },
    get last() { return connection.sent[connection.sent.length - 1]; },
  };
  return connection;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function setup() {
  let ids = 0;
  const connection = fakeConnection();
  const outbox = createOutbox({ newId: () => `m-${++ids}` });
  const timers = fakeTimers();
  const events = [];
  const sender = createSender({
    connection, outbox, timers,
    onChange: () => events.push('change'),
    onFailed: (id, reason) => events.push(`failed ${id}: ${reason}`),
    onError: (error) => events.push(`error ${error.code}`),
  });
  return { connection, outbox, timers, events, sender };
}

test('sends oldest first, one receipt at a time, with the clientMessageId', async () => {
  const { connection, outbox, sender } = setup();
  sender.send('c1', 'one');
  sender.send('c1', 'two');
  assert.equal(connection.sent.length, 1, 'the second waits for the first receipt');
  assert.deepEqual(connection.last.body, { content: 'one', clientMessageId: 'm-1' });
  assert.equal(connection.last.destination, '/app/conversation.c1.send');
  connection.last.ok();
  await settle();
  assert.deepEqual(connection.last.body, { content: 'two', clientMessageId: 'm-2' });
  connection.last.ok();
  await settle();
  assert.equal(outbox.size, 0);
  assert.equal(connection.sent.length, 2);
});

test('too fast: says so, keeps the message and tries it again, same id, after the wait it was told', async () => {
  const { connection, outbox, timers, events, sender } = setup();
  sender.send('c1', 'one');
  connection.last.fail({ code: 'RATE_LIMITED', message: 'Too many messages; retry in 1.5 s' });
  await settle();
  assert.deepEqual(events, ['change', 'error RATE_LIMITED']);
  assert.equal(outbox.size, 1);
  assert.deepEqual(timers.pending.map((t) => t.delay), [1500]);
  timers.pending[0].fn();
  assert.equal(connection.sent.length, 2);
  assert.equal(connection.last.body.clientMessageId, 'm-1');
});

test('unavailable without a wait given: tried again after 2 s', async () => {
  const { connection, timers, sender } = setup();
  sender.send('c1', 'one');
  connection.last.fail({ code: 'UNAVAILABLE', message: 'store down' });
  await settle();
  assert.deepEqual(timers.pending.map((t) => t.delay), [2000]);
});

test('disconnected: waits quietly for the next pump (on reconnect)', async () => {
  const { connection, outbox, timers, events, sender } = setup();
  sender.send('c1', 'one');
  connection.connected = false;
  connection.last.fail({ code: 'DISCONNECTED', message: 'The connection was lost' });
  await settle();
  sender.send('c1', 'two');
  assert.equal(connection.sent.length, 1, 'nothing is sent while disconnected');
  assert.deepEqual(events, ['change', 'change']);
  assert.equal(timers.pending.length, 0);
  connection.connected = true;
  sender.pump();
  assert.deepEqual(connection.last.body, { content: 'one', clientMessageId: 'm-1' });
  assert.equal(outbox.size, 2);
});

test('refused for good: marked failed in words, and the next one goes', async () => {
  const { connection, outbox, events, sender } = setup();
  sender.send('c1', 'bad');
  sender.send('c1', 'good');
  connection.last.fail({ code: 'VALIDATION', message: 'content must not be blank' });
  await settle();
  assert.ok(events.includes('failed m-1: That message cannot be sent: content must not be blank'));
  assert.ok(events.includes('error VALIDATION'));
  assert.equal(connection.last.body.content, 'good');
  assert.equal(outbox.has('m-1'), false);
});

test('a pump while one is running sends nothing twice', async () => {
  const { connection, sender } = setup();
  sender.send('c1', 'one');
  sender.pump();
  sender.pump();
  assert.equal(connection.sent.length, 1);
});

test('stop() cancels a pending retry', async () => {
  const { connection, timers, sender } = setup();
  sender.send('c1', 'one');
  connection.last.fail({ code: 'UNAVAILABLE', message: 'store down' });
  await settle();
  assert.equal(timers.pending.length, 1);
  sender.stop();
  assert.equal(timers.pending.length, 0);
});

test('a reply is sent with the id of the message it answers, also after a reload of the outbox', async () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  const connection = fakeConnection();
  connection.connected = false;
  let ids = 0;
  createSender({ connection, outbox: createOutbox({ storage, newId: () => `m-${++ids}` }) }).send('c1', 'agreed', 'parent-1');
  // the page is reloaded before the line comes back
  connection.connected = true;
  const outbox = createOutbox({ storage });
  assert.equal(outbox.pending('c1')[0].replyTo, 'parent-1');
  createSender({ connection, outbox }).pump();
  assert.deepEqual(connection.last.body, { content: 'agreed', clientMessageId: 'm-1', replyTo: 'parent-1' });
});

test('a pump asked for while a SEND is failing (reconnected at once) goes round again', async () => {
  const { connection, sender } = setup();
  sender.send('c1', 'one');
  connection.last.fail({ code: 'DISCONNECTED', message: 'The connection was lost' });
  sender.pump(); // onConnected of the new connection, before the failed SEND's catch has run
  await settle();
  assert.equal(connection.sent.length, 2, 'sent again under the same id');
  assert.equal(connection.last.body.clientMessageId, 'm-1');
});
