// How far each member of the open conversation has read, for the "Seen by alice, bob" line under the last message:
// the positions of GET /api/conversations/{id}/reads, then the events of /topic/conversation.{id}.read. A position
// only moves forward. No DOM (unit-tested).

export function createReads() {
  /** user → the seq they have read up to */
  const positions = new Map();

  return {
    /** A position, from the list or an event ({user, seq}); an older one than known changes nothing. Returns whether it moved. */
    set(user, seq) {
      const at = Number(seq) || 0;
      if (!user || at <= (positions.get(user) || 0)) return false;
      positions.set(user, at);
      return true;
    },

    /** The members other than `me` who have read up to `seq` (the last message shown), by name. */
    seenBy(seq, me) {
      if (!seq) return [];
      return [...positions].filter(([user, at]) => user !== me && at >= seq).map(([user]) => user).sort();
    },
  };
}
