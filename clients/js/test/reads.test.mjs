// Unit tests of read positions (who has seen a message) and marking read; run by `node --test` (./mvnw verify runs
// them through JavaScriptUnitTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadMarker } from '../src/read-marker.js';
import { createReads } from '../src/reads.js';
import { fakeTimers } from './fake-timers.mjs';

test('seen by: the others who have read up to the last message, by name, never yourself', () => {
  const reads = createReads();
  [{ user: 'carol', seq: 7 }, { user: 'alice', seq: 9 }, { user: 'bob', seq: 8 }, { user: 'dave', seq: 0 }]
    .forEach((r) => reads.set(r.user, r.seq));
  assert.deepEqual(reads.seenBy(8, 'alice'), ['bob']);
  assert.deepEqual(reads.seenBy(7, 'alice'), ['bob', 'carol']);
  assert.deepEqual(reads.seenBy(7, 'bob'), ['alice', 'carol']);
  assert.deepEqual(reads.seenBy(0, 'alice'), [], 'no message, nobody has seen it');
});

test('a read position only moves forward', () => {
  const reads = createReads();
  assert.equal(reads.set('bob', 5), true);
  assert.equal(reads.set('bob', 3), false, 'an older event (or a list fetched before it) changes nothing');
  assert.equal(reads.set('bob', 5), false);
  assert.deepEqual(reads.seenBy(5, 'alice'), ['bob']);
  assert.equal(reads.set('bob', '6'), true);
  assert.deepEqual(reads.seenBy(6, 'alice'), ['bob']);
});

test('marking read: at once, then at most once a second with the latest seq, never backwards', () => {
  let clock = 10000;
  const timers = fakeTimers();
  const sent = [];
  const marker = createReadMarker({ send: (seq) => { sent.push(seq); return Promise.resolve(); }, timers, now: () => clock });
  marker.mark(3);
  assert.deepEqual(sent, [3]);
  clock += 200;
  marker.mark(4);
  marker.mark(6);
  marker.mark(5);
  assert.deepEqual(sent, [3], 'within the second: waits');
  assert.deepEqual(timers.pending.map((t) => t.delay), [800]);
  clock += 800;
  timers.runNext();
  assert.deepEqual(sent, [3, 6], 'the latest seq wins');
  marker.mark(6);
  marker.mark(2);
  clock += 5000;
  marker.mark(6);
  assert.deepEqual(sent, [3, 6], 'nothing new to say');
  marker.mark(7);
  assert.deepEqual(sent, [3, 6, 7]);
  marker.mark(8);
  assert.deepEqual(sent, [3, 6, 7]);
  marker.stop();
  assert.equal(timers.pending.length, 0);
  assert.deepEqual(sent, [3, 6, 7, 8], 'closed: the waiting mark is sent at once');
  marker.mark(9);
  assert.deepEqual(sent, [3, 6, 7, 8], 'and nothing after it');
});

test('a mark whose SEND failed (the line dropped) is sent again at the next mark', async () => {
  let clock = 0;
  const sent = [];
  let fail = true;
  const marker = createReadMarker({
    send: (seq) => { sent.push(seq); return fail ? Promise.reject({ code: 'DISCONNECTED' }) : Promise.resolve(); },
    timers: fakeTimers(), now: () => clock,
  });
  marker.mark(4);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(marker.sentSeq, 0);
  fail = false;
  clock += 2000;
  marker.mark(4);
  assert.deepEqual(sent, [4, 4]);
  assert.equal(marker.sentSeq, 4);
});
