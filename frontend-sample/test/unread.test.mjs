// Unit tests of the conversation list's unread counts; run by `node --test` (./mvnw verify runs them through
// JavaScriptUnitTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUnreadCounts } from '../js/unread.js';

const msg = (seq, id, sender = 'bob') => ({ type: 'message', id, seq, sender, content: 'x' });

function setup(open = null) {
  const state = { open };
  const counts = createUnreadCounts({ me: () => 'alice', openId: () => state.open });
  return { counts, state };
}

test("the list's counts, then messages from others that arrive after the list's lastSeq", () => {
  const { counts } = setup();
  counts.reset([{ id: 'c1', lastSeq: 10, readSeq: 7, unread: 2 }, { id: 'c2', lastSeq: 4, readSeq: 4, unread: 0 }]);
  assert.equal(counts.count('c1'), 2);
  assert.equal(counts.count('c2'), 0);
  assert.equal(counts.frame('c1', msg(10, 'm10')), false, 'already counted in the list');
  assert.equal(counts.frame('c1', msg(11, 'm11')), true);
  assert.equal(counts.frame('c1', msg(11, 'm11')), false, 'the same frame twice counts once');
  assert.equal(counts.frame('c1', msg(12, 'm12', 'alice')), false, 'your own messages are read');
  assert.equal(counts.frame('c1', { type: 'reaction', seq: 13, messageId: 'm11', user: 'bob', emoji: '👍', on: true, count: 1 }), false);
  assert.equal(counts.frame('c1', { type: 'repaired', complete: true }), false);
  assert.equal(counts.count('c1'), 3);
  assert.equal(counts.count('unknown'), 0);
});

test('a message deleted before you read it is not counted', () => {
  const { counts } = setup();
  counts.reset([{ id: 'c1', lastSeq: 2, readSeq: 2, unread: 0 }]);
  counts.frame('c1', msg(3, 'm3'));
  counts.frame('c1', msg(4, 'm4'));
  assert.equal(counts.frame('c1', { type: 'message-deleted', seq: 5, messageId: 'm3', sender: 'bob' }), true);
  assert.equal(counts.count('c1'), 1);
});

test('reading (here or on another device) sets the count anew, and later messages count on top', () => {
  const { counts } = setup();
  counts.reset([{ id: 'c1', lastSeq: 5, readSeq: 0, unread: 5 }]);
  counts.frame('c1', msg(6, 'm6'));
  counts.frame('c1', msg(7, 'm7'));
  assert.equal(counts.count('c1'), 7);
  counts.read({ type: 'read', conversationId: 'c1', readSeq: 6, lastSeq: 6, unread: 0 });
  assert.equal(counts.count('c1'), 1, 'm7 came after what the read event counted');
  counts.read({ type: 'read', conversationId: 'c1', readSeq: 7, lastSeq: 7, unread: 0 });
  assert.equal(counts.count('c1'), 0);
  counts.frame('c1', msg(8, 'm8'));
  assert.equal(counts.count('c1'), 1);
});

test('the open conversation counts 0 while you read it', () => {
  const { counts, state } = setup('c1');
  counts.reset([{ id: 'c1', lastSeq: 3, readSeq: 0, unread: 3 }]);
  assert.equal(counts.count('c1'), 0);
  assert.equal(counts.frame('c1', msg(4, 'm4')), false, 'no change to show');
  state.open = 'c2';
  counts.read({ conversationId: 'c1', readSeq: 4, lastSeq: 4, unread: 0 });
  assert.equal(counts.count('c1'), 0);
});

test('after a reconnect the list is the truth; what came live after its lastSeq stays counted', () => {
  const { counts } = setup();
  counts.reset([{ id: 'c1', lastSeq: 1, readSeq: 1, unread: 0 }]);
  counts.frame('c1', msg(2, 'm2'));
  counts.frame('c1', msg(4, 'm4')); // on the new subscription, before the list came back
  counts.reset([{ id: 'c1', lastSeq: 3, readSeq: 1, unread: 2 }]);
  assert.equal(counts.count('c1'), 3);
  counts.reset([{ id: 'c1' }]); // a server without counts
  assert.equal(counts.count('c1'), 1, 'm4, live after it, still counts');
});
