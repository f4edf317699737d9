// When to tell the others that you are typing: at once, then again at most every 2.5 s while you type, and
// "stopped" after 3 s without a keystroke, when you send, or when you leave the conversation. No DOM (unit-tested).

/**
 * @param {object} options
 * @param {(conversationId: string, typing: boolean) => boolean} options.signal sends it; false if not connected
 * @param {number} [options.repeatMs=2500]
 * @param {number} [options.idleMs=3000]
 * @param {{setTimeout: Function, clearTimeout: Function}} [options.timers]
 * @param {() => number} [options.now=Date.now]
 */
export function createTypingSignal({ signal, repeatMs = 2500, idleMs = 3000, timers = globalThis, now = Date.now }) {
  let sentAt = 0;
  let idle = null;
  let conversation = null; // where "typing" was last said, until "stopped"

  function stop() {
    timers.clearTimeout(idle);
    if (conversation) signal(conversation, false);
    conversation = null;
    sentAt = 0;
  }

  return {
    /** A keystroke in the composer of this conversation. */
    start(conversationId) {
      timers.clearTimeout(idle);
      idle = timers.setTimeout(stop, idleMs);
      if (now() - sentAt < repeatMs && conversation === conversationId) return;
      if (signal(conversationId, true)) {
        sentAt = now();
        conversation = conversationId;
      }
    },
    stop,
  };
}
