import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from '../src/backoff.js';

test('the ceiling doubles with each attempt up to the maximum', () => {
  const top = (attempt) => backoffDelay(attempt, { base: 500, max: 30000, random: () => 0.999999 });
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 20].map(top), [499, 999, 1999, 3999, 7999, 15999, 29999, 29999, 29999]);
});

test('full jitter: any delay from zero to the ceiling', () => {
  assert.equal(backoffDelay(3, { base: 500, random: () => 0 }), 0);
  assert.equal(backoffDelay(3, { base: 500, random: () => 0.5 }), 2000);
  const delays = new Set(Array.from({ length: 200 }, () => backoffDelay(4, { base: 500 })));
  assert.ok(delays.size > 100, 'delays are spread out, not synchronised');
  for (const d of delays) assert.ok(d >= 0 && d < 8000);
});

test('huge and negative attempts stay within bounds', () => {
  assert.ok(backoffDelay(10_000, { random: () => 0.5 }) <= 30000);
  assert.equal(backoffDelay(-3, { base: 500, random: () => 0.5 }), 250);
});
