// Messages the user has written but the server has not confirmed yet.
//
// Every message gets its clientMessageId when it is written and keeps it through every retry: the server stores a
// (sender, clientMessageId) pair once, so sending again after a lost connection can never make a duplicate.
// A message leaves the outbox only when the server confirmed it (RECEIPT) or refused it for good (e.g. VALIDATION).
// The page sends the oldest first and waits for its receipt before the next, so order is kept across retries.
// With a storage (sessionStorage), messages written while offline also survive a reload of the page.

/**
 * @param {object} [options]
 * @param {{getItem(k: string): string|null, setItem(k: string, v: string): void}} [options.storage]
 * @param {string} [options.key='parley.outbox']
 * @param {() => string} [options.newId=crypto.randomUUID]
 * @param {() => number} [options.now=Date.now]
 */
export function createOutbox({ storage, key = 'parley.outbox', newId = () => crypto.randomUUID(), now = Date.now } = {}) {
  /** @type {Array<{clientMessageId: string, conversationId: string, content: string, replyTo?: string, queuedAt: number}>} */
  let items = [];
  try {
    const saved = storage && JSON.parse(storage.getItem(key) || '[]');
    if (Array.isArray(saved)) {
      items = saved.filter((i) => i && typeof i.clientMessageId === 'string' && typeof i.conversationId === 'string'
        && typeof i.content === 'string');
    }
  } catch {
    items = []; // unreadable storage: start empty rather than fail the page
  }

  const save = () => {
    if (storage) storage.setItem(key, JSON.stringify(items));
  };

  return {
    /** Queues a message (a reply, with the id of the message it answers) and gives it its clientMessageId. */
    add(conversationId, content, replyTo) {
      const item = { clientMessageId: newId(), conversationId, content, ...(replyTo ? { replyTo } : {}), queuedAt: now() };
      items.push(item);
      save();
      return { ...item };
    },
    /** The oldest message, next to send (undefined when empty). */
    next() {
      return items.length ? { ...items[0] } : undefined;
    },
    /** Confirmed by the server (or refused for good): it leaves the outbox. */
    settle(clientMessageId) {
      const before = items.length;
      items = items.filter((i) => i.clientMessageId !== clientMessageId);
      if (items.length !== before) save();
      return items.length !== before;
    },
    has(clientMessageId) {
      return items.some((i) => i.clientMessageId === clientMessageId);
    },
    /** Waiting messages (of one conversation, if given), oldest first. */
    pending(conversationId) {
      return items.filter((i) => conversationId === undefined || i.conversationId === conversationId).map((i) => ({ ...i }));
    },
    get size() { return items.length; },
  };
}
