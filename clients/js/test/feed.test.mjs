// Unit tests of a conversation's feed; run by `node --test` (./mvnw verify runs them through JavaScriptUnitTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFeed } from '../src/feed.js';

const msg = (seq) => ({ seq, content: `m${seq}` });

/** A conversation whose history holds seq 1..upTo (growing when a test says so); records the queries. */
function server(upTo) {
  const history = { upTo, queries: [] };
  history.fetchPage = async (query) => {
    history.queries.push(new URLSearchParams(query).toString());
    let seqs = [];
    for (let s = 1; s <= history.upTo; s++) seqs.push(s);
    if (query.after !== undefined) seqs = seqs.filter((s) => s > query.after).slice(0, query.limit);
    else if (query.before !== undefined) seqs = seqs.filter((s) => s < query.before).slice(-query.limit);
    else seqs = seqs.slice(-query.limit);
    return seqs.map(msg);
  };
  return history;
}

test('shows the newest page and the frames that came before it, in order, once', async () => {
  const history = server(120);
  const shown = [];
  const feed = createFeed({ fetchPage: history.fetchPage, deliver: (m) => shown.push(m.seq) });
  // live frames from the moment of subscribing, before the receipt (stored before broadcast: in the page too)
  history.upTo = 122;
  feed.live(msg(121));
  feed.live(msg(122));
  feed.live(msg(121));
  assert.deepEqual(shown, [], 'nothing before the newest page');
  await feed.catchUp();
  feed.live(msg(123));
  assert.deepEqual(shown, Array.from({ length: 51 }, (_, i) => 73 + i), 'seq 73..123, each once');
  assert.equal(history.queries[0], 'limit=50');
  assert.ok(feed.hasEarlier);
});

test('after a reconnect, what was missed comes from history before the new live frames', async () => {
  const history = server(3);
  const shown = [];
  const feed = createFeed({ fetchPage: history.fetchPage, deliver: (m) => shown.push(m.seq) });
  await feed.catchUp();
  history.upTo = 6; // 4 and 5 sent while we were away, 6 arrives live on the new subscription
  feed.live(msg(6));
  await feed.catchUp();
  feed.live(msg(7));
  assert.deepEqual(shown, [1, 2, 3, 4, 5, 6, 7]);
  assert.ok(history.queries.includes('after=3&limit=500'));
  assert.equal(feed.hasEarlier, false);
});

test('a node that cannot tell what it missed makes the feed recover; one that re-delivered does not', async () => {
  const history = server(3);
  const shown = [];
  const feed = createFeed({ fetchPage: history.fetchPage, deliver: (m) => shown.push(m.seq) });
  await feed.catchUp();
  const queries = history.queries.length;
  feed.live({ type: 'repaired', conversationId: 'c', through: 3, redelivered: 0, complete: true });
  assert.equal(history.queries.length, queries, 'nothing to fetch when nothing was lost');
  history.upTo = 5; // 4 and 5 sent while the node was not receiving, and no later frame shows the gap
  feed.live({ type: 'repaired', conversationId: 'c', through: 3, redelivered: 0, complete: false });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(shown, [1, 2, 3, 4, 5]);
  assert.ok(history.queries.includes('after=3&limit=500'));
});

test('earlier pages go back until the first message', async () => {
  const history = server(120);
  let firstPage = 0;
  const feed = createFeed({ fetchPage: history.fetchPage, deliver: () => {}, onFirstPage: () => { firstPage += 1; } });
  assert.deepEqual(await feed.earlier(), [], 'nothing shown yet');
  await feed.catchUp();
  assert.equal(firstPage, 1);
  assert.deepEqual((await feed.earlier()).map((m) => m.seq), Array.from({ length: 50 }, (_, i) => 21 + i));
  assert.equal(history.queries.at(-1), 'before=71&limit=50');
  assert.ok(feed.hasEarlier);
  assert.equal((await feed.earlier()).length, 20);
  assert.equal(feed.hasEarlier, false);
});

test('an empty conversation shows what comes live', async () => {
  const history = server(0);
  const shown = [];
  const feed = createFeed({ fetchPage: history.fetchPage, deliver: (m) => shown.push(m.seq) });
  await feed.catchUp();
  assert.equal(feed.hasEarlier, false);
  feed.live(msg(1));
  assert.deepEqual(shown, [1]);
});

test('a closed feed shows nothing more', async () => {
  const history = server(5);
  const shown = [];
  let firstPage = 0;
  const feed = createFeed({ fetchPage: history.fetchPage, deliver: (m) => shown.push(m.seq), onFirstPage: () => { firstPage += 1; } });
  const loading = feed.catchUp();
  feed.close(); // the user opened another conversation before the first page came
  await loading;
  feed.live(msg(6));
  assert.deepEqual(shown, []);
  assert.equal(firstPage, 0);
});
