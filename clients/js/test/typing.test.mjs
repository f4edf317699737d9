// Unit tests of the typing signal; run by `node --test` (./mvnw verify runs them through JavaScriptUnitTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTypingSignal } from '../src/typing.js';

function setup({ connected = true } = {}) {
  const sent = [];
  const timers = {
    pending: new Set(),
    setTimeout(fn, delay) { const t = { fn, delay }; this.pending.add(t); return t; },
    clearTimeout(t) { this.pending.delete(t); },
    fire() { const all = [...this.pending]; this.pending.clear(); all.forEach((t) => t.fn()); },
  };
  const clock = { now: 1000 };
  const state = { connected };
  const typing = createTypingSignal({
    signal: (id, on) => { if (!state.connected) return false; sent.push(`${id}:${on}`); return true; },
    timers, now: () => clock.now,
  });
  return { typing, sent, timers, clock, state };
}

test('says "typing" at once, then at most every 2.5 s while keys are pressed', () => {
  const { typing, sent, clock } = setup();
  typing.start('c1');
  clock.now += 1000;
  typing.start('c1');
  assert.deepEqual(sent, ['c1:true']);
  clock.now += 1500;
  typing.start('c1');
  assert.deepEqual(sent, ['c1:true', 'c1:true']);
});

test('says "stopped" after 3 s without a key, once', () => {
  const { typing, sent, timers } = setup();
  typing.start('c1');
  typing.start('c1');
  assert.equal(timers.pending.size, 1, 'each key restarts the one idle timer');
  assert.equal([...timers.pending][0].delay, 3000);
  timers.fire();
  assert.deepEqual(sent, ['c1:true', 'c1:false']);
  typing.stop();
  assert.deepEqual(sent, ['c1:true', 'c1:false'], 'nothing to stop any more');
});

test('another conversation is told at once', () => {
  const { typing, sent } = setup();
  typing.start('c1');
  typing.start('c2');
  typing.stop();
  assert.deepEqual(sent, ['c1:true', 'c2:true', 'c2:false']);
});

test('while disconnected nothing is said, and the next key tries again', () => {
  const { typing, sent, state } = setup({ connected: false });
  typing.start('c1');
  typing.stop();
  assert.deepEqual(sent, []);
  state.connected = true;
  typing.start('c1');
  assert.deepEqual(sent, ['c1:true']);
});
