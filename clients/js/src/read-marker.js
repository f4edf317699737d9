// Telling the server how far the user has read an open conversation (SEND /app/conversation.{id}.read {"seq"}): at
// most one SEND per interval, the latest seq wins, and a seq never goes back. A SEND that fails (the line dropped) is
// made again at the next mark; one still waiting when the conversation is closed is sent then. No DOM (unit-tested).

/**
 * @param {object} options
 * @param {(seq: number) => Promise<unknown>} options.send the SEND (with a receipt)
 * @param {number} [options.intervalMs=1000]
 * @param {{setTimeout: Function, clearTimeout: Function}} [options.timers]
 * @param {() => number} [options.now]
 */
export function createReadMarker({ send, intervalMs = 1000, timers = globalThis, now = Date.now }) {
  let confirmed = 0; // sent, and not failed
  let wanted = 0; // the highest seq marked
  let lastSentAt = -Infinity;
  let timer = null;
  let stopped = false;

  function flush() {
    timer = null;
    if (stopped || wanted <= confirmed) return;
    const seq = wanted;
    const previous = confirmed;
    confirmed = seq;
    lastSentAt = now();
    Promise.resolve(send(seq)).catch(() => {
      if (confirmed === seq) confirmed = previous; // tried again at the next mark
    });
  }

  return {
    /** The user has seen everything up to seq. */
    mark(seq) {
      if (stopped) return;
      if (seq > wanted) wanted = seq;
      if (wanted <= confirmed || timer) return;
      const wait = lastSentAt + intervalMs - now();
      if (wait <= 0) flush(); else timer = timers.setTimeout(flush, wait);
    },
    /** The conversation was closed: a mark still waiting for its turn is sent now, and nothing after it. */
    stop() {
      if (timer) {
        timers.clearTimeout(timer);
        flush();
      }
      stopped = true;
    },
    get sentSeq() { return confirmed; },
  };
}
