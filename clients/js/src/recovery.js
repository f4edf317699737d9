// Gapless, duplicate-free delivery of a conversation's messages on top of live STOMP frames and the history API.
//
// The algorithm (docs/guarantees.md):
//   1. subscribe to /topic/conversation.<id> first, with a receipt, and buffer live frames from then on;
//   2. once the receipt arrives, fetch history after the last seq you have shown (?after=<seq>, pages of 500);
//   3. merge both by seq: deliver seq lastSeq+1, lastSeq+2, ... in order; drop anything at or below lastSeq;
//   4. a live frame that skips ahead (seq > lastSeq+1 with the next one missing) means a gap: fetch again.
// Messages are stored before they are broadcast, so history always holds everything below a live frame's seq.

/**
 * @param {object} options
 * @param {(afterSeq: number, limit: number) => Promise<Array<{seq: number}>>} options.fetchAfter history page
 * @param {(message: object) => void} options.deliver called once per message, in seq order
 * @param {number} [options.lastSeq=0] the last seq already shown
 * @param {number} [options.pageSize=500]
 */
export function createRecovery({ fetchAfter, deliver, lastSeq = 0, pageSize = 500 }) {
  let last = lastSeq;
  let syncing = null;
  const ahead = new Map();

  function accept(message) {
    if (typeof message.seq !== 'number' || message.seq <= last) return; // duplicate or already shown
    ahead.set(message.seq, message);
  }

  function drain() {
    while (ahead.has(last + 1)) {
      const next = ahead.get(last + 1);
      ahead.delete(last + 1);
      last += 1;
      deliver(next);
    }
  }

  function hasGap() {
    return ahead.size > 0 && !ahead.has(last + 1);
  }

  async function sync() {
    if (syncing) return syncing;
    syncing = (async () => {
      try {
        let progressed;
        do {
          const before = last;
          for (;;) {
            const page = await fetchAfter(last, pageSize);
            page.forEach(accept);
            drain();
            if (page.length < pageSize) break;
          }
          // stop if history had nothing new: the next live frame (or start()) tries again
          progressed = last > before;
        } while (hasGap() && progressed);
      } finally {
        syncing = null;
      }
    })();
    return syncing;
  }

  return {
    /** Feed every live frame's parsed body here, from the moment you subscribed. */
    live(message) {
      accept(message);
      if (!syncing) {
        drain();
        if (hasGap()) sync();
      }
    },
    /** Call when the subscription is confirmed (its RECEIPT arrived), and after every reconnect. */
    start: sync,
    /** The last seq delivered: keep it to resume after a reconnect. */
    get lastSeq() { return last; },
    /** Live frames waiting for earlier ones. */
    get pending() { return ahead.size; },
  };
}
