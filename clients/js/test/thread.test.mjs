// Unit tests of an open conversation's message model; run by `node --test` (./mvnw verify runs them through
// JavaScriptUnitTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFeed } from '../src/feed.js';
import { createThread, cut } from '../src/thread.js';

const message = (seq, id, sender = 'bob', extra = {}) =>
  ({ type: 'message', id, seq, sender, content: `text of ${id}`, sentAt: '2026-12-06T10:00:00Z', senderType: 'user', ...extra });
const edited = (seq, messageId, content, version, sender = 'bob') =>
  ({ type: 'message-edited', id: `e${seq}`, seq, messageId, sender, content, version, editedAt: '2026-12-06T10:05:00Z' });
const deleted = (seq, messageId, sender = 'bob') =>
  ({ type: 'message-deleted', id: `d${seq}`, seq, messageId, sender, deletedAt: '2026-12-06T10:06:00Z' });
const reaction = (seq, messageId, user, emoji, on, count) =>
  ({ type: 'reaction', id: `r${seq}`, seq, messageId, user, emoji, on, count });

const thread = (me = 'alice') => createThread({ me: () => me });

test('messages are added in order; an edit shows in place with its marker, newest version wins', () => {
  const t = thread();
  assert.equal(t.apply(message(1, 'm1')).added, 'm1');
  assert.equal(t.apply(message(2, 'm2', 'alice')).added, 'm2');
  assert.deepEqual(t.apply(edited(3, 'm1', 'better', 2)), { added: null, changed: ['m1'] });
  assert.equal(t.view('m1').content, 'better');
  assert.equal(t.view('m1').edited, true);
  assert.equal(t.view('m2').edited, false);
  // an older version (or the same one again) changes nothing
  assert.deepEqual(t.apply(edited(4, 'm1', 'stale', 2)).changed, []);
  assert.equal(t.view('m1').content, 'better');
  t.apply(edited(5, 'm1', 'best', 3));
  assert.equal(t.view('m1').content, 'best');
  assert.deepEqual(t.ids(), ['m1', 'm2'], 'updates are not lines of their own');
  assert.equal(t.lastSeq, 5);
  assert.equal(t.lastMessageSeq, 2);
});

test('a deleted message becomes a tombstone in place: no text, reactions, quote or actions', () => {
  const t = thread();
  t.apply(message(1, 'm1', 'alice'));
  t.apply(message(2, 'm2', 'alice', { replyTo: 'm1', quote: { sender: 'alice', content: 'text of m1' } }));
  t.apply(reaction(3, 'm2', 'bob', '👍', true, 1));
  assert.equal(t.view('m2').canEdit, true);
  assert.deepEqual(t.apply(deleted(4, 'm2', 'alice')).changed, ['m2']);
  const view = t.view('m2');
  assert.equal(view.deleted, true);
  assert.equal(view.content, '');
  assert.deepEqual(view.reactions, []);
  assert.equal(view.quote, null);
  assert.equal(view.canEdit, false);
  assert.equal(view.canDelete, false);
  // later updates of it change nothing, deleting twice neither
  assert.deepEqual(t.apply(edited(5, 'm2', 'back?', 2, 'alice')).changed, []);
  assert.deepEqual(t.apply(reaction(6, 'm2', 'bob', '❤️', true, 1)).changed, []);
  assert.deepEqual(t.apply(deleted(7, 'm2', 'alice')), { added: null, changed: [] });
  assert.equal(t.view('m2').deleted, true);
  assert.equal(t.lastMessageSeq, 1, 'a tombstone is not the last message');
});

/** What history returns in place of a deleted message: a message-deleted entry at its seq, naming itself. */
const tombstoneOf = (seq, id, author = 'bob') => ({ ...deleted(seq, id, author), id });

test('history: a deleted message comes back as a tombstone at its own seq; updates of unloaded messages are ignored', () => {
  const t = thread();
  // the page starts at seq 10: m0 (seq 3) is older than it
  assert.deepEqual(t.apply(reaction(10, 'm0', 'bob', '👍', true, 1)), { added: null, changed: [] });
  assert.deepEqual(t.apply(edited(11, 'm0', 'new', 2)), { added: null, changed: [] });
  assert.equal(t.apply(tombstoneOf(12, 'm12')).added, 'm12', 'm12 was deleted: its tombstone line at seq 12');
  t.apply(message(13, 'm13'));
  assert.deepEqual(t.apply(deleted(14, 'm12')), { added: null, changed: [] }, 'the delete event itself adds nothing more');
  // the delete of m0, older than the page, and (from history) an edit of it since deleted: no line of their own
  assert.deepEqual(t.apply(deleted(15, 'm0')), { added: null, changed: [] });
  assert.deepEqual(t.apply({ ...deleted(16, 'm0'), id: 'e16' }), { added: null, changed: [] });
  assert.deepEqual(t.ids(), ['m12', 'm13']);
  assert.equal(t.view('m12').deleted, true);
  assert.equal(t.view('m12').seq, 12);
  assert.equal(t.lastSeq, 16, 'every entry counts as delivered');
});

test("the conversation's creator may delete anyone's message, only the author edit it", () => {
  const t = createThread({ me: () => 'alice', creator: () => 'alice' });
  t.apply(message(1, 'm1', 'bob'));
  assert.equal(t.view('m1').canDelete, true);
  assert.equal(t.view('m1').canEdit, false);
  const other = createThread({ me: () => 'alice', creator: () => 'carol' });
  other.apply(message(1, 'm1', 'bob'));
  assert.equal(other.view('m1').canDelete, false);
});

test('a message from history carries its current state: content, version, reactions with mine', () => {
  const t = thread();
  t.apply(message(5, 'm5', 'bob', {
    content: 'fixed', version: 3, editedAt: '2026-12-06T10:05:00Z',
    reactions: [{ emoji: '👍', count: 2, mine: true }, { emoji: '🎉', count: 1, mine: false }],
  }));
  // its older edit entry (carrying the current version) changes nothing
  assert.deepEqual(t.apply(edited(6, 'm5', 'fixed', 3)).changed, []);
  const view = t.view('m5');
  assert.equal(view.content, 'fixed');
  assert.equal(view.edited, true);
  assert.deepEqual(view.reactions, [
    { emoji: '👍', count: 2, mine: true, pending: false },
    { emoji: '🎉', count: 1, mine: false, pending: false },
  ]);
});

test('a reaction entry sets the count (never adds) and, when it is yours, your highlight', () => {
  const t = thread();
  t.apply(message(1, 'm1'));
  t.apply(reaction(2, 'm1', 'bob', '👍', true, 1));
  t.apply(reaction(3, 'm1', 'alice', '👍', true, 2));
  assert.deepEqual(t.view('m1').reactions, [{ emoji: '👍', count: 2, mine: true, pending: false }]);
  t.apply(reaction(4, 'm1', 'carol', '👍', true, 3));
  t.apply(reaction(5, 'm1', 'carol', '👍', true, 3)); // a repeat, as history could bring
  assert.equal(t.view('m1').reactions[0].count, 3);
  assert.equal(t.view('m1').reactions[0].mine, true, "others' reactions leave yours alone");
  t.apply(reaction(6, 'm1', 'alice', '👍', false, 2));
  assert.deepEqual(t.view('m1').reactions, [{ emoji: '👍', count: 2, mine: false, pending: false }]);
  t.apply(reaction(7, 'm1', 'bob', '👍', false, 1));
  t.apply(reaction(8, 'm1', 'carol', '👍', false, 0));
  assert.deepEqual(t.view('m1').reactions, [], 'a count of 0 takes the emoji away');
});

test('a reply quotes its parent as it is now; deleting or editing the parent changes the quote', () => {
  const t = thread();
  t.apply(message(1, 'm1', 'bob', { content: 'x'.repeat(150) }));
  t.apply(message(2, 'm2', 'alice', { replyTo: 'm1', quote: { sender: 'bob', content: 'x'.repeat(100) } }));
  assert.deepEqual(t.view('m2').quote, { id: 'm1', sender: 'bob', content: `${'x'.repeat(100)}…`, deleted: false });
  assert.deepEqual(t.apply(edited(3, 'm1', 'short', 2)).changed, ['m1', 'm2'], 'the reply is drawn again');
  assert.equal(t.view('m2').quote.content, 'short');
  t.apply(deleted(4, 'm1'));
  assert.deepEqual(t.view('m2').quote, { id: 'm1', deleted: true });
  // a reply to a message older than the page uses the quote it came with; quote null: the parent was deleted
  t.apply(message(5, 'm5', 'bob', { replyTo: 'old', quote: { sender: 'carol', content: 'from long ago' } }));
  assert.deepEqual(t.view('m5').quote, { id: 'old', sender: 'carol', content: 'from long ago', deleted: false });
  t.apply(message(6, 'm6', 'bob', { replyTo: 'gone', quote: null }));
  assert.deepEqual(t.view('m6').quote, { id: 'gone', deleted: true });
  assert.equal(t.view('m1').quote, null, 'not a reply');
});

test('your edit shows at once and stays until the entry its receipt named is applied', () => {
  const t = thread();
  t.apply(message(1, 'm1', 'alice'));
  t.apply(message(2, 'm2', 'bob'));
  assert.equal(t.edit('m2', 'not mine').token, null, "only the author edits");
  const { token, changed } = t.edit('m1', 'typo fixed');
  assert.deepEqual(changed, ['m1']);
  assert.equal(t.view('m1').content, 'typo fixed');
  assert.equal(t.view('m1').state, 'Saving…');
  assert.deepEqual(t.confirmed(token, '4'), [], 'seq 4 is not applied yet: still drawn');
  t.apply(message(3, 'm3', 'bob'));
  assert.equal(t.view('m1').content, 'typo fixed');
  // the server's text replaces yours (it may differ: last writer by seq wins)
  assert.deepEqual(t.apply(edited(4, 'm1', 'typo fixed!', 2, 'alice')).changed, ['m1']);
  assert.equal(t.view('m1').content, 'typo fixed!');
  assert.equal(t.view('m1').state, null);
  assert.equal(t.view('m1').edited, true);
});

test('a refused edit, delete or reaction is taken back', () => {
  const t = thread();
  t.apply(message(1, 'm1', 'alice'));
  const edit = t.edit('m1', 'nope');
  assert.deepEqual(t.refused(edit.token), ['m1']);
  assert.equal(t.view('m1').content, 'text of m1');
  assert.equal(t.view('m1').edited, false);
  const gone = t.delete('m1');
  assert.equal(t.view('m1').deleted, true, 'the tombstone shows at once');
  t.refused(gone.token);
  assert.equal(t.view('m1').deleted, false);
  const react = t.react('m1', '😂');
  assert.equal(react.on, true);
  assert.deepEqual(t.view('m1').reactions, [{ emoji: '😂', count: 1, mine: true, pending: true }]);
  t.refused(react.token);
  assert.deepEqual(t.view('m1').reactions, []);
  assert.deepEqual(t.refused(react.token), [], 'twice changes nothing');
});

test('toggling a reaction: on, counted with the others, then off; a receipt without seq (nothing changed) ends it', () => {
  const t = thread();
  t.apply(message(1, 'm1'));
  t.apply(reaction(2, 'm1', 'bob', '❤️', true, 1));
  const on = t.react('m1', '❤️');
  assert.equal(on.on, true);
  assert.deepEqual(t.view('m1').reactions, [{ emoji: '❤️', count: 2, mine: true, pending: true }]);
  t.confirmed(on.token, 3);
  t.apply(reaction(3, 'm1', 'alice', '❤️', true, 2));
  assert.deepEqual(t.view('m1').reactions, [{ emoji: '❤️', count: 2, mine: true, pending: false }]);
  const off = t.react('m1', '❤️');
  assert.equal(off.on, false);
  assert.deepEqual(t.view('m1').reactions, [{ emoji: '❤️', count: 1, mine: false, pending: true }]);
  t.confirmed(off.token, 4);
  t.apply(reaction(4, 'm1', 'alice', '❤️', false, 1));
  assert.deepEqual(t.view('m1').reactions, [{ emoji: '❤️', count: 1, mine: false, pending: false }]);
  // a repeat the server already had: receipt without seq, the overlay goes at once
  const again = t.react('m1', '🎉');
  assert.deepEqual(t.confirmed(again.token, undefined), ['m1']);
  assert.deepEqual(t.view('m1').reactions, [{ emoji: '❤️', count: 1, mine: false, pending: false }]);
});

test('a receipt naming a seq already applied (the broadcast came first) ends the overlay at once', () => {
  const t = thread();
  t.apply(message(1, 'm1', 'alice'));
  const { token } = t.delete('m1');
  t.apply(deleted(2, 'm1', 'alice'));
  assert.deepEqual(t.confirmed(token, '2'), ['m1']);
  assert.equal(t.view('m1').deleted, true);
});

test('an earlier page adds its messages and tombstones, and skips its reaction entries (the messages are current)', () => {
  const t = thread();
  t.apply(message(5, 'm5'));
  const added = t.earlier([
    message(1, 'm1', 'bob', { reactions: [{ emoji: '👍', count: 3, mine: false }] }),
    tombstoneOf(2, 'm2'),
    reaction(3, 'm1', 'carol', '👍', true, 1),
    edited(4, 'm1', 'text of m1', 1),
  ]);
  assert.deepEqual(added, ['m1', 'm2']);
  assert.deepEqual(t.ids(), ['m1', 'm2', 'm5']);
  assert.equal(t.view('m1').reactions[0].count, 3);
  assert.equal(t.view('m2').deleted, true);
  assert.equal(t.lastSeq, 5);
});

test('cut keeps whole characters', () => {
  assert.equal(cut('😀'.repeat(101)), `${'😀'.repeat(100)}…`);
  assert.equal(cut('short'), 'short');
  assert.equal(cut(undefined), '');
});

test('after a reconnect, the feed applies each missed update exactly once, in seq order, to the message it names', async () => {
  // history: seq 1 m1, 2 m2; offline: 3 edit of m1, 4 reaction on m2, 5 edit of m1 again; live again: 6 reaction
  const entries = [
    message(1, 'm1'), message(2, 'm2', 'alice'),
    edited(3, 'm1', 'v2', 2), reaction(4, 'm2', 'bob', '👍', true, 1), edited(5, 'm1', 'v3', 3),
    reaction(6, 'm2', 'carol', '👍', true, 2),
  ];
  let upTo = 2;
  const fetchPage = async (query) => {
    const known = entries.filter((e) => e.seq <= upTo);
    if (query.after !== undefined) return known.filter((e) => e.seq > query.after).slice(0, query.limit);
    return known.slice(-query.limit);
  };
  const t = thread();
  const applied = [];
  const feed = createFeed({ fetchPage, deliver: (entry) => { applied.push(entry.seq); t.apply(entry); } });
  await feed.catchUp();
  assert.deepEqual(t.ids(), ['m1', 'm2']);
  // the line drops; 3..5 happen meanwhile; on the new subscription 6 comes live before the catch-up is done
  upTo = 6;
  feed.live(entries[5]);
  feed.live(entries[4]); // a live frame also in history: still once
  await feed.catchUp();
  feed.live(entries[3]);
  assert.deepEqual(applied, [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(t.ids(), ['m1', 'm2'], 'no update became a line of its own');
  assert.equal(t.view('m1').content, 'v3');
  assert.deepEqual(t.view('m2').reactions, [{ emoji: '👍', count: 2, mine: false, pending: false }]);
  assert.equal(t.lastSeq, 6);
});
