// The unread counts of the conversation list: from GET /api/conversations (its `unread`, counted up to its
// `lastSeq`), plus the messages from others that arrive live after that on the conversations the page watches, minus
// those deleted meanwhile; a `read` event of /user/queue/conversations (you read on this or another device) sets a
// conversation's count anew. The open conversation counts 0: you are reading it. No DOM (unit-tested).

/**
 * @param {object} options
 * @param {() => string} options.me
 * @param {() => string|null} options.openId
 */
export function createUnreadCounts({ me, openId }) {
  /** conversation id → {base, baseSeq, live: Map<message id, seq>} */
  const counts = new Map();

  function entry(id) {
    if (!counts.has(id)) counts.set(id, { base: 0, baseSeq: 0, live: new Map() });
    return counts.get(id);
  }

  /** What the server counted up to lastSeq; live messages up to it are in there already. */
  function setBase(id, unread, lastSeq) {
    const count = entry(id);
    const upTo = Number(lastSeq) || 0;
    count.base = Math.max(0, Number(unread) || 0);
    count.baseSeq = Math.max(upTo, 0);
    count.live.forEach((seq, messageId) => { if (seq <= count.baseSeq) count.live.delete(messageId); });
  }

  return {
    /** The list of GET /api/conversations (items with id, unread, lastSeq). */
    reset(conversations) {
      conversations.forEach((c) => setBase(c.id, c.unread, c.lastSeq));
    },

    /** A `read` event of /user/queue/conversations: {conversationId, readSeq, lastSeq, unread}. */
    read(event) {
      setBase(event.conversationId, event.unread, event.lastSeq);
    },

    /** A frame of a watched conversation's topic. Returns whether its count changed. */
    frame(conversationId, event) {
      const count = entry(conversationId);
      if (event.type === 'message-deleted') return count.live.delete(event.messageId);
      if ((event.type !== undefined && event.type !== 'message') || typeof event.seq !== 'number') return false;
      if (event.sender === me() || event.seq <= count.baseSeq || count.live.has(event.id)) return false;
      count.live.set(event.id, event.seq);
      return conversationId !== openId();
    },

    /** How many messages of the conversation you have not read. */
    count(id) {
      if (id === openId()) return 0;
      const count = counts.get(id);
      return count ? count.base + count.live.size : 0;
    },

    clear() { counts.clear(); },
  };
}
