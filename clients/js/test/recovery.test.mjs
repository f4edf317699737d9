// Unit tests of the recovery module; run by `node --test` (./mvnw verify runs them through JavaScriptUnitTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRecovery } from '../src/recovery.js';

const msg = (seq) => ({ seq, content: `m${seq}` });
const history = (upTo) => async (after, limit) => {
  const page = [];
  for (let s = after + 1; s <= upTo && page.length < limit; s++) page.push(msg(s));
  return page;
};

test('delivers missed history then live frames, in order, without duplicates', async () => {
  const shown = [];
  const recovery = createRecovery({ fetchAfter: history(5), deliver: (m) => shown.push(m.seq), lastSeq: 2 });
  recovery.live(msg(5)); // buffered while history is fetched: 3 and 4 are missing
  recovery.live(msg(6));
  await recovery.start();
  recovery.live(msg(6)); // duplicate
  recovery.live(msg(7));
  assert.deepEqual(shown, [3, 4, 5, 6, 7]);
  assert.equal(recovery.lastSeq, 7);
});

test('a live frame that skips ahead triggers a refetch of the gap', async () => {
  const shown = [];
  let fetches = 0;
  const source = history(10);
  const recovery = createRecovery({
    fetchAfter: async (after, limit) => { fetches += 1; return source(after, limit); },
    deliver: (m) => shown.push(m.seq),
  });
  await recovery.start(); // history 1..10
  assert.equal(fetches, 1);
  recovery.live(msg(13)); // 11 and 12 were lost on the way
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(fetches, 2);
  assert.deepEqual(shown, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(recovery.pending, 1); // 13 waits until history has 11 and 12
});

test('pages through long histories', async () => {
  const shown = [];
  const recovery = createRecovery({ fetchAfter: history(1234), deliver: (m) => shown.push(m.seq), pageSize: 500 });
  await recovery.start();
  assert.equal(shown.length, 1234);
  assert.equal(shown[1233], 1234);
});

test('frames at or below the last shown seq are dropped', async () => {
  const shown = [];
  const recovery = createRecovery({ fetchAfter: history(3), deliver: (m) => shown.push(m.seq), lastSeq: 3 });
  await recovery.start();
  recovery.live(msg(2));
  recovery.live(msg(3));
  recovery.live({ content: 'no seq' });
  assert.deepEqual(shown, []);
});
