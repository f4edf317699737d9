// The outbox pump: sends what the user wrote oldest first, each with its clientMessageId, and waits for its RECEIPT
// before the next, so order survives refusals and reconnects. Too fast or unavailable: tried again later by itself;
// disconnected: tried again on reconnect (pump() from onConnected); refused for good: leaves the outbox as failed.
// No DOM (unit-tested).
import { describeError, isRetryable, retryAfterMs } from './errors.js';

/**
 * @param {object} options
 * @param {{connected: boolean, send(destination: string, body: object): Promise<void>}} options.connection
 * @param {ReturnType<import('./outbox.js').createOutbox>} options.outbox
 * @param {() => void} [options.onChange] the outbox changed (a message was queued or confirmed)
 * @param {(item: object, receipt: object) => void} [options.onSent] stored: the item and its RECEIPT's headers (`seq`)
 * @param {(clientMessageId: string, reason: string, error: object, item: object) => void} [options.onFailed] refused
 *   for good, in words (and the error report, and the item)
 * @param {(error: {code: string, message: string}) => void} [options.onError] every refusal but DISCONNECTED
 * @param {number} [options.retryMs=2000] wait before a retry when the error report does not say how long
 * @param {{setTimeout: Function, clearTimeout: Function}} [options.timers]
 */
export function createSender({
  connection, outbox, onChange = () => {}, onSent = () => {}, onFailed = () => {}, onError = () => {}, retryMs = 2000, timers = globalThis,
}) {
  let pumping = false;
  let again = false; // pump() was asked for while pumping (a reconnect while a SEND was failing): go round again
  let retryTimer = null;

  async function pump() {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        await drain();
      } while (again && connection.connected);
    } finally {
      pumping = false;
    }
  }

  async function drain() {
    while (connection.connected && outbox.size) {
      const item = outbox.next();
      try {
        const receipt = await connection.send(`/app/conversation.${item.conversationId}.send`, {
          content: item.content, clientMessageId: item.clientMessageId, ...(item.replyTo ? { replyTo: item.replyTo } : {}),
        });
        outbox.settle(item.clientMessageId);
        onChange();
        onSent(item, receipt || {});
      } catch (error) {
        if (isRetryable(error.code)) {
          if (error.code !== 'DISCONNECTED') {
            onError(error);
            timers.clearTimeout(retryTimer);
            retryTimer = timers.setTimeout(pump, retryAfterMs(error.message) || retryMs);
            again = false; // the timer tries again
          }
          break;
        }
        outbox.settle(item.clientMessageId);
        onFailed(item.clientMessageId, describeError(error), error, item);
        onError(error);
      }
    }
  }

  return {
    /**
     * Queues a message (it gets its clientMessageId), a reply if replyTo is given, and sends it when its turn comes.
     * Returns the queued item ({clientMessageId, conversationId, content, replyTo?, queuedAt}).
     */
    send(conversationId, content, replyTo) {
      const item = outbox.add(conversationId, content, replyTo);
      onChange();
      pump();
      return item;
    },
    /** Sends what is waiting, if connected; harmless while a pump is already running. */
    pump,
    /** Cancels a pending retry (at sign-out: the connection it would pump is gone). */
    stop() {
      timers.clearTimeout(retryTimer);
      retryTimer = null;
    },
  };
}
