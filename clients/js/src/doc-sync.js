// One open shared document kept in step with the server, which orders every edit (server-authoritative OT, as
// ShareDB's client): local edits apply at once; one op is in flight at a time and later edits are composed into a
// buffer; every op from the server transforms the in-flight op and the buffer (the server transforms a late op the
// same way: by each op committed since, the late op on side 'left'), and our own op comes back as the broadcast with
// our clientOpId, which acknowledges it. Ops arrive in version order; a gap (a missed broadcast, a broadcast
// reordered across threads or nodes, a reconnect) is filled from GET …/ops?after=, unless the missing broadcast
// arrives within a moment. After a reconnect the in-flight op is sent
// again under its clientOpId, which the server answers with what it stored if it had it already. The DOM is not
// here (document-panel.js); this module is tested under Node (test/doc-sync.test.mjs).
import { apply, compose, transform } from './ot-text.js';

/** The hash the server puts on a broadcast every few versions: FNV-1a, 32 bits, over UTF-16 code units. */
export function textHash(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** Ops asked for at once when catching up. */
const PAGE = 500;

export const SyncState = Object.freeze({
  SAVED: 'saved', SAVING: 'saving', OFFLINE: 'offline',
});

/**
 * @param {object} options
 * @param {() => string} options.user who is signed in (the author of our ops)
 * @param {(body: {version: number, op: Array, clientOpId: string}) => Promise<void>} options.send SEND with a receipt;
 *   rejects with the error report ({code, message}) or {code: 'DISCONNECTED'}
 * @param {(after: number, limit: number) => Promise<Array>} options.fetchOps the ops after a version; rejects with
 *   {code: 'GONE', problem: {document}} when they are no longer kept
 * @param {() => Promise<{version: number, text: string}>} options.fetchSnapshot the document now
 * @param {(change: {text: string, op: Array|null}) => void} options.onText the text changed by the server: `op` (in
 *   code points) to move the caret by, or null when the whole text was reloaded
 * @param {(state: string) => void} [options.onState] saving / saved / offline
 * @param {(message: string) => void} [options.onProblem] something the user should know (edits lost in a reload)
 * @param {(fn: Function, ms: number) => any} [options.setTimeout]
 * @param {number} [options.minInterval=60] ms between two ops sent (keystrokes in between are composed), under the
 *   server's per-user rate
 * @param {number} [options.gapWait=150] ms a broadcast ahead of the next version waits for the ones before it
 */
export function createDocSync({
  user, send, fetchOps, fetchSnapshot, onText, onState = () => {}, onProblem = () => {},
  setTimeout: schedule = (fn, ms) => setTimeout(fn, ms), minInterval = 60, gapWait = 150,
}) {
  let version = 0;
  let text = '';
  /** @type {{op: Array, id: string}|null} */
  let inflight = null;
  /** @type {Array|null} */
  let buffer = null;
  let online = false;
  let closed = false;
  let counter = 0;
  let lastSent = -Infinity;
  let flushTimer = null;
  /** Remote work (broadcasts, catching up) runs one piece at a time, in order. */
  let queue = Promise.resolve();
  const prefix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

  const state = () => (!online ? SyncState.OFFLINE : inflight || buffer ? SyncState.SAVING : SyncState.SAVED);
  const report = () => onState(state());
  const serial = (work) => {
    queue = queue.then(work).catch((error) => onProblem(`Could not update the document: ${error.message || error.code}`));
    return queue;
  };

  function flush() {
    if (closed || !online || inflight || !buffer) return;
    const wait = lastSent + minInterval - Date.now();
    if (wait > 0) {
      if (!flushTimer) flushTimer = schedule(() => { flushTimer = null; flush(); }, wait);
      return;
    }
    inflight = { op: buffer, id: `${prefix}-${++counter}` };
    buffer = null;
    sendInflight();
  }

  function sendInflight() {
    const sent = inflight;
    lastSent = Date.now();
    send({ version, op: sent.op, clientOpId: sent.id }).catch((error) => {
      if (inflight !== sent || closed) return;
      if (error.code === 'DISCONNECTED') return; // sent again once back
      if (error.code === 'RATE_LIMITED') {
        schedule(() => { if (inflight === sent && online) sendInflight(); }, 1000);
      } else {
        // GONE (the server no longer keeps the ops since our version) or an op it refused: start again from its text
        serial(() => reload(`Your latest edits could not be saved (${error.message || error.code}); the document was reloaded.`));
      }
    });
    report();
  }

  /** An op from the server at the next version: ours coming back, or someone else's to transform and apply. */
  function applyRemote(event) {
    version = event.version;
    if (inflight && event.author === user() && event.clientOpId === inflight.id) {
      inflight = null;
      report();
      flush();
    } else {
      let op = event.op;
      if (inflight) {
        const mine = transform(inflight.op, op, 'left');
        op = transform(op, inflight.op, 'right');
        inflight = { op: mine, id: inflight.id };
      }
      if (buffer) {
        const mine = transform(buffer, op, 'left');
        op = transform(op, buffer, 'right');
        buffer = mine;
      }
      text = apply(text, op);
      onText({ text, op });
    }
    if (event.hash && !inflight && !buffer && textHash(text) !== event.hash) {
      return reload('The document had gone out of step with the server and was reloaded.');
    }
    return null;
  }

  /** Broadcasts that arrived ahead of a missing one, by version. */
  const early = new Map();
  let gapTimer = null;

  async function drainEarly() {
    for (let next = early.get(version + 1); next; next = early.get(version + 1)) {
      early.delete(next.version);
      await applyRemote(next);
    }
    [...early.keys()].filter((v) => v <= version).forEach((v) => early.delete(v));
  }

  async function fillGap() {
    if (closed || early.size === 0) return;
    await catchUp();
    await drainEarly();
  }

  async function catchUp() {
    for (;;) {
      const from = version;
      let ops;
      try {
        ops = await fetchOps(from, PAGE);
      } catch (error) {
        if (error.code === 'GONE') return reload(null, error.problem.document);
        throw error;
      }
      for (const event of ops) {
        if (event.version === version + 1) await applyRemote(event);
      }
      if (ops.length < PAGE || version === from) return null;
    }
  }

  /** Starts again from the server's text; what was not yet confirmed is lost, and the user is told. */
  async function reload(problem, snapshot = null) {
    const dropped = Boolean(inflight || buffer);
    load(snapshot || await fetchSnapshot(), 'reload');
    if (dropped) onProblem(problem || 'Your edits made while away could not be merged (the server no longer keeps '
      + 'what changed since); the document was reloaded.');
  }

  function load(snapshot, why) {
    version = snapshot.version;
    text = snapshot.text;
    inflight = null;
    buffer = null;
    if (why === 'reload') onText({ text, op: null });
    report();
    return null;
  }

  return {
    get text() { return text; },
    get version() { return version; },
    get state() { return state(); },

    /** Starts from a snapshot (GET …/documents/{docId}). */
    load(snapshot) { load(snapshot); },

    /** A local edit, already shown (code points, on the current text). */
    edit(op) {
      if (closed || op.length === 0) return;
      text = apply(text, op);
      buffer = buffer ? compose(buffer, op) : op;
      report();
      flush();
    },

    /**
     * A frame of the document's topic. One ahead of the next version waits a moment for the ones before it (two ops
     * committed at once, on two threads or nodes, can be broadcast in either order); if they do not come, what is
     * missing is fetched.
     */
    receive(event) {
      serial(async () => {
        if (closed || event.version <= version) return null;
        if (event.version > version + 1) {
          early.set(event.version, event);
          if (!gapTimer) gapTimer = schedule(() => { gapTimer = null; serial(fillGap); }, gapWait);
          return null;
        }
        await applyRemote(event);
        return drainEarly();
      });
    },

    /** The subscription is (again) in place: fetch what was missed, then send what is pending. */
    online() {
      online = true;
      report();
      return serial(async () => {
        await catchUp();
        await drainEarly();
        if (inflight) sendInflight();
        else flush();
      });
    },

    /** The connection is gone; edits go on and are kept. */
    offline() {
      online = false;
      report();
    },

    /** Ops waiting to be confirmed (in flight, then buffered). */
    get pending() { return [inflight && inflight.op, buffer].filter(Boolean); },

    close() { closed = true; },

    /** Resolves once the remote work queued so far is done (for tests). */
    idle() { return queue; },
  };
}
