// One open conversation's messages: the newest page of history first, then, after every (re)subscription, whatever
// came after it merged with live frames by seq (recovery.js), and older pages on request. No DOM (unit-tested).
import { createRecovery } from './recovery.js';

/**
 * @param {object} options
 * @param {(query: {limit: number, after?: number, before?: number}) => Promise<Array<{seq: number}>>} options.fetchPage
 *   a page of history, oldest first (the query of GET /api/conversations/{id}/messages)
 * @param {(message: object) => void} options.deliver once per message, in seq order, until close()
 * @param {() => void} [options.onFirstPage] the newest page arrived: hasEarlier is known
 * @param {number} [options.pageSize=50] messages shown at first, and per older page
 * @param {number} [options.after] resume after this seq (every entry after it is delivered) instead of starting with
 *   the newest page: for a client that kept what it had shown
 */
export function createFeed({ fetchPage, deliver, onFirstPage = () => {}, pageSize = 50, after }) {
  const resume = typeof after === 'number' && after >= 0;
  let closed = false;
  let recovery = null;
  let firstSeq = resume ? after + 1 : null; // the oldest seq shown (or the first to show)
  const early = []; // live frames that came before the newest page

  return {
    /**
     * Every live frame's parsed body, from the moment you subscribed. A cluster node's `repaired` notice that is
     * not `complete` (it could not tell whether you missed messages) starts a recovery from history.
     */
    live(message) {
      if (message.type === 'repaired') {
        if (!message.complete && recovery) recovery.start();
        return;
      }
      if (recovery) recovery.live(message); else early.push(message);
    },

    /** After every confirmed (re)subscription: the newest page the first time, then what was missed, in order. */
    async catchUp() {
      if (!recovery && resume) {
        onFirstPage();
        recovery = createRecovery({
          lastSeq: after,
          fetchAfter: (from, limit) => fetchPage({ after: from, limit }),
          deliver: (message) => { if (!closed) deliver(message); },
        });
        early.splice(0).forEach((m) => recovery.live(m));
      }
      if (!recovery) {
        const newest = await fetchPage({ limit: pageSize });
        if (closed) return;
        firstSeq = newest.length ? newest[0].seq : null;
        onFirstPage();
        recovery = createRecovery({
          lastSeq: newest.length ? newest[0].seq - 1 : 0,
          fetchAfter: (after, limit) => fetchPage({ after, limit }),
          deliver: (message) => { if (!closed) deliver(message); },
        });
        newest.forEach((m) => recovery.live(m));
        early.splice(0).forEach((m) => recovery.live(m));
      }
      await recovery.start();
    },

    /** The page before the oldest shown, oldest first ([] if there is none, or the feed was closed meanwhile). */
    async earlier() {
      if (!firstSeq) return [];
      const page = await fetchPage({ before: firstSeq, limit: pageSize });
      if (closed || !page.length) return [];
      firstSeq = page[0].seq;
      return page;
    },

    get hasEarlier() { return firstSeq > 1; },

    close() { closed = true; },
  };
}
