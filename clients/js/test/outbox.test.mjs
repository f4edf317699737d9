import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOutbox } from '../src/outbox.js';

function memoryStorage() {
  const data = new Map();
  return { getItem: (k) => (data.has(k) ? data.get(k) : null), setItem: (k, v) => data.set(k, v), data };
}

let ids = 0;
const newId = () => `m-${++ids}`;

test('messages wait in order and keep their clientMessageId until settled', () => {
  const outbox = createOutbox({ newId });
  const first = outbox.add('c1', 'one');
  const second = outbox.add('c1', 'two');
  assert.notEqual(first.clientMessageId, second.clientMessageId);
  assert.equal(outbox.next().clientMessageId, first.clientMessageId);
  // a retry after a lost connection sends the very same id again: the server stores it once
  assert.equal(outbox.next().clientMessageId, first.clientMessageId);
  assert.ok(outbox.settle(first.clientMessageId));
  assert.equal(outbox.next().content, 'two');
  assert.equal(outbox.settle(first.clientMessageId), false, 'settling twice is harmless');
  outbox.settle(second.clientMessageId);
  assert.equal(outbox.next(), undefined);
  assert.equal(outbox.size, 0);
});

test('pending lists one conversation or all', () => {
  const outbox = createOutbox({ newId });
  outbox.add('c1', 'a');
  outbox.add('c2', 'b');
  outbox.add('c1', 'c');
  assert.deepEqual(outbox.pending('c1').map((i) => i.content), ['a', 'c']);
  assert.equal(outbox.pending().length, 3);
  assert.ok(outbox.has(outbox.pending('c2')[0].clientMessageId));
});

test('what was written offline survives a reload through the storage', () => {
  const storage = memoryStorage();
  const before = createOutbox({ storage, key: 'k', newId });
  const item = before.add('c1', 'typed while offline');
  const after = createOutbox({ storage, key: 'k', newId });
  assert.deepEqual(after.next(), item);
  after.settle(item.clientMessageId);
  assert.equal(createOutbox({ storage, key: 'k', newId }).size, 0);
});

test('unreadable or tampered storage starts empty instead of breaking the page', () => {
  const storage = memoryStorage();
  storage.setItem('k', '{not json');
  assert.equal(createOutbox({ storage, key: 'k' }).size, 0);
  storage.setItem('k', JSON.stringify([{ clientMessageId: 1 }, null, { clientMessageId: 'x', conversationId: 'c', content: 'ok' }]));
  assert.deepEqual(createOutbox({ storage, key: 'k' }).pending().map((i) => i.content), ['ok']);
});
