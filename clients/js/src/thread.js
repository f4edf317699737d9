// An open conversation's messages as the page shows them: each message in its current state (the newest edit by
// version, a tombstone for a deleted one, reactions with their counts and whether one is yours, the quote of a
// reply), with the user's own changes that the server has not confirmed yet drawn on top of it.
//
// Entries come in seq order (feed.js): messages, and the updates that share their sequence (message-edited,
// message-deleted, reaction). An update of a message that is not loaded (older than the page) changes nothing. A
// change of yours stays drawn until the entry its RECEIPT named (seq) has been applied, or until it is refused.
// No DOM (unit-tested).

/** The reactions the picker offers. */
export const REACTIONS = Object.freeze(['👍', '❤️', '😂', '🎉', '😮', '😢']);

/** How much of a parent's text a quote shows (the server cuts the quotes it sends to as many). */
export const QUOTE_LENGTH = 100;

const isMessage = (entry) => entry.type === undefined || entry.type === 'message';

/** The first `length` characters (code points, so an emoji is never cut in half), with "…" if there was more. */
export function cut(text, length = QUOTE_LENGTH) {
  const chars = [...(text || '')];
  return chars.length > length ? `${chars.slice(0, length).join('')}…` : chars.join('');
}

/**
 * @param {object} options
 * @param {() => string} options.me who is signed in (whose reactions are "mine", whose messages may be edited)
 * @param {() => string|undefined} [options.creator] who created the conversation (may delete any of its messages)
 */
export function createThread({ me, creator = () => undefined }) {
  /** id → the message as the server has it */
  const messages = new Map();
  /** parent id → ids of the replies to it loaded */
  const replies = new Map();
  /** token → a change of the user's not yet confirmed: {id, kind: 'edit'|'delete'|'react', content, emoji, on, awaitSeq} */
  const overlays = new Map();
  let lastSeq = 0;
  let tokens = 0;

  /** The message and the replies that quote it: what to draw again when it changes. */
  const affected = (id) => [id, ...(replies.get(id) || [])];

  function add(state) {
    messages.set(state.id, state);
    if (state.replyTo) {
      if (!replies.has(state.replyTo)) replies.set(state.replyTo, new Set());
      replies.get(state.replyTo).add(state.id);
    }
    return state.id;
  }

  function fromMessage(entry) {
    return {
      id: entry.id,
      seq: entry.seq,
      sender: entry.sender,
      senderType: entry.senderType,
      sentAt: entry.sentAt,
      clientMessageId: entry.clientMessageId || null,
      content: entry.content,
      version: entry.version || 1,
      editedAt: entry.editedAt || null,
      deleted: false,
      replyTo: entry.replyTo || null,
      quote: entry.replyTo ? entry.quote || null : null,
      reactions: new Map((entry.reactions || []).filter((r) => r.count > 0)
        .map((r) => [r.emoji, { count: r.count, mine: Boolean(r.mine) }])),
    };
  }

  /** A message known only as deleted: a tombstone line at the seq it was found. */
  function tombstone(entry) {
    return {
      id: entry.messageId, seq: entry.seq, deleted: true, version: 1, reactions: new Map(), replyTo: null, quote: null,
    };
  }

  function markDeleted(message) {
    message.deleted = true;
    message.content = '';
    message.reactions = new Map();
    message.quote = null;
  }

  /**
   * One entry; `earlier` for the entries of an older page, whose messages already carry their current state (their
   * reaction entries are history and are skipped). Returns {added: id|null, changed: ids to draw again}.
   */
  function applyEntry(entry, earlier) {
    const result = { added: null, changed: [] };
    if (isMessage(entry)) {
      if (entry.id && !messages.has(entry.id)) result.added = add(fromMessage(entry));
      return result;
    }
    const target = messages.get(entry.messageId);
    if (entry.type === 'message-edited') {
      const version = entry.version || (target ? target.version + 1 : 0);
      if (target && !target.deleted && version > target.version) {
        target.content = entry.content;
        target.version = version;
        target.editedAt = entry.editedAt || null;
        result.changed = affected(target.id);
      }
    } else if (entry.type === 'message-deleted') {
      if (!target) {
        // history's entry in place of a deleted message names the message itself (id = messageId): a tombstone line
        // at that seq; the delete of a message older than the page, or an edit of one since deleted, adds nothing
        if (entry.messageId && entry.id === entry.messageId) result.added = add(tombstone(entry));
      } else if (!target.deleted) {
        markDeleted(target);
        result.changed = affected(target.id);
      }
    } else if (entry.type === 'reaction' && !earlier) {
      if (target && !target.deleted && entry.emoji) {
        const reaction = target.reactions.get(entry.emoji) || { count: 0, mine: false };
        reaction.count = Math.max(0, Number(entry.count) || 0);
        if (entry.user === me()) reaction.mine = Boolean(entry.on);
        if (reaction.count > 0) target.reactions.set(entry.emoji, reaction);
        else target.reactions.delete(entry.emoji);
        result.changed = [target.id];
      }
    }
    return result;
  }

  /** Changes of the user's whose entry (the RECEIPT's seq) has now been applied: the server's state shows them. */
  function dropConfirmed() {
    const changed = [];
    overlays.forEach((overlay, token) => {
      if (overlay.awaitSeq !== undefined && overlay.awaitSeq <= lastSeq) {
        overlays.delete(token);
        changed.push(...affected(overlay.id));
      }
    });
    return changed;
  }

  /** The message as shown: the server's state with the user's unconfirmed changes on top. */
  function shown(id) {
    const message = messages.get(id);
    if (!message) return undefined;
    let { content, deleted } = message;
    let edited = message.version > 1;
    let state = null;
    const reactions = new Map([...message.reactions].map(([emoji, r]) => [emoji, { ...r, pending: false }]));
    overlays.forEach((overlay) => {
      if (overlay.id !== id) return;
      if (overlay.kind === 'edit' && !deleted) {
        content = overlay.content;
        edited = true;
        state = 'Saving…';
      } else if (overlay.kind === 'delete') {
        deleted = true;
        state = null;
      } else if (overlay.kind === 'react' && !deleted) {
        const reaction = reactions.get(overlay.emoji) || { count: 0, mine: false };
        if (overlay.on !== reaction.mine) reaction.count += overlay.on ? 1 : -1;
        reaction.mine = overlay.on;
        reaction.pending = true;
        if (reaction.count > 0) reactions.set(overlay.emoji, reaction); else reactions.delete(overlay.emoji);
      }
    });
    return { message, content, deleted, edited, state, reactions };
  }

  function quoteOf(message) {
    if (!message.replyTo) return null;
    const parent = shown(message.replyTo);
    if (parent) {
      return parent.deleted ? { id: message.replyTo, deleted: true }
        : { id: message.replyTo, sender: parent.message.sender, content: cut(parent.content), deleted: false };
    }
    return message.quote ? { id: message.replyTo, sender: message.quote.sender, content: cut(message.quote.content), deleted: false }
      : { id: message.replyTo, deleted: true };
  }

  function overlay(id, change) {
    const token = `local-${++tokens}`;
    overlays.set(token, { id, ...change });
    return { token, changed: affected(id) };
  }

  /** Forgets the earlier unconfirmed changes that a new one replaces (an edit of the same message, the same emoji). */
  function supersede(id, kind, emoji) {
    overlays.forEach((o, token) => {
      if (o.id === id && o.kind === kind && o.emoji === emoji && o.awaitSeq === undefined) overlays.delete(token);
    });
  }

  return {
    /** A live or recovered entry, in seq order. Returns {added: id|null, changed: ids to draw again}. */
    apply(entry) {
      const result = applyEntry(entry, false);
      if (typeof entry.seq === 'number' && entry.seq > lastSeq) lastSeq = entry.seq;
      result.changed = [...new Set([...result.changed, ...dropConfirmed()])].filter((id) => id !== result.added);
      return result;
    },

    /** An older page, oldest first: the ids it adds, in order, to draw above what is shown. */
    earlier(page) {
      return page.map((entry) => applyEntry(entry, true).added).filter(Boolean);
    },

    /**
     * What to draw for a message: {id, seq, sender, senderType, sentAt, clientMessageId, content, edited, deleted,
     * state ('Saving…' while an edit of yours is unconfirmed), reactions: [{emoji, count, mine, pending}], quote:
     * {id, sender, content, deleted}|null, own, canEdit, canDelete}; undefined for an unknown id.
     */
    view(id) {
      const current = shown(id);
      if (!current) return undefined;
      const { message } = current;
      const own = message.sender !== undefined && message.sender === me();
      return {
        id: message.id,
        seq: message.seq,
        sender: message.sender,
        senderType: message.senderType,
        sentAt: message.sentAt,
        clientMessageId: message.clientMessageId,
        content: current.deleted ? '' : current.content,
        edited: !current.deleted && current.edited,
        deleted: current.deleted,
        state: current.state,
        reactions: current.deleted ? [] : [...current.reactions].map(([emoji, r]) => ({ emoji, ...r })),
        quote: current.deleted ? null : quoteOf(message),
        own,
        canEdit: own && !current.deleted,
        canDelete: (own || (creator() !== undefined && creator() === me())) && !current.deleted,
      };
    },

    has: (id) => messages.has(id),

    /** Ids in seq order. */
    ids() {
      return [...messages.values()].sort((a, b) => a.seq - b.seq).map((m) => m.id);
    },

    /** The highest seq applied (messages and updates): what to mark as read. */
    get lastSeq() { return lastSeq; },

    /** The seq of the last message shown that is not deleted (0 if none): "Seen by" is about it. */
    get lastMessageSeq() {
      let seq = 0;
      messages.forEach((m) => { if (!m.deleted && m.seq > seq) seq = m.seq; });
      return seq;
    },

    /** Shows an edit of yours at once. Returns {token, changed} (token null if the message cannot be edited). */
    edit(id, content) {
      const current = shown(id);
      if (!current || current.deleted || current.message.sender !== me()) return { token: null, changed: [] };
      supersede(id, 'edit');
      return overlay(id, { kind: 'edit', content });
    },

    /** Shows your delete at once (a tombstone). */
    delete(id) {
      const current = shown(id);
      if (!current || current.deleted) return { token: null, changed: [] };
      return overlay(id, { kind: 'delete' });
    },

    /** Toggles your reaction at once. Returns {token, on, changed}: on = whether you now have it. */
    react(id, emoji) {
      const current = shown(id);
      if (!current || current.deleted) return { token: null, on: false, changed: [] };
      const reaction = current.reactions.get(emoji);
      const on = !(reaction && reaction.mine);
      supersede(id, 'react', emoji);
      return { ...overlay(id, { kind: 'react', emoji, on }), on };
    },

    /**
     * Its RECEIPT came: with the seq of the stored entry, the change stays drawn until that entry is applied; without
     * one (a repeat that changed nothing) it goes now. Returns the ids to draw again.
     */
    confirmed(token, seq) {
      const change = overlays.get(token);
      if (!change) return [];
      const at = Number(seq);
      if (seq !== undefined && seq !== null && seq !== '' && Number.isFinite(at) && at > lastSeq) {
        change.awaitSeq = at;
        return [];
      }
      overlays.delete(token);
      return affected(change.id);
    },

    /** Refused, or no RECEIPT came: the change is taken back. Returns the ids to draw again. */
    refused(token) {
      const change = overlays.get(token);
      if (!change) return [];
      overlays.delete(token);
      return affected(change.id);
    },
  };
}
