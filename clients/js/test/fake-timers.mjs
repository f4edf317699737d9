// Timers the tests run by hand: what the code under test schedules waits in `pending` until a test runs it.
// (Shared by the unit tests; it holds no test of its own.)
import assert from 'node:assert/strict';

export function fakeTimers() {
  const pending = [];
  return {
    pending,
    setTimeout(fn, delay) { const t = { fn, delay }; pending.push(t); return t; },
    clearTimeout(t) { const i = pending.indexOf(t); if (i >= 0) pending.splice(i, 1); },
    /** Runs the oldest pending timer; returns its delay. */
    runNext() { const t = pending.shift(); t.fn(); return t.delay; },
    /** Runs the timer with the given delay (the oldest if none given); returns its delay. */
    run(delay) {
      const i = delay === undefined ? 0 : pending.findIndex((t) => t.delay === delay);
      assert.ok(i >= 0, `a timer of ${delay} ms is pending`);
      const [t] = pending.splice(i, 1);
      t.fn();
      return t.delay;
    },
  };
}
