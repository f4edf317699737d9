// Unit tests of the high-level client (client.js) against a fake STOMP driver and a fake HTTP server: joining,
// recovery by seq after every (re)subscription, the outbox across reconnects, receipts as promises, errors in words,
// typed events, token refresh. Run by `node --test` (./mvnw verify runs them through JavaScriptUnitTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createParleyClient, ParleyError, serverUrls, Status, tokenClaims } from '../src/core.js';
import { fakeTimers } from './fake-timers.mjs';

const jwt = (claims) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const TOKEN = jwt({ sub: 'alice', exp: 4_000_000_000 });
const C = 'c1';

/** A driver whose connections the test opens, closes and answers by hand. */
function fakeDriver() {
  const connections = [];
  return {
    name: 'fake',
    connections,
    get last() { return connections[connections.length - 1]; },
    connect(callbacks) {
      const connection = {
        callbacks, headers: callbacks.headers, subscribed: [], sent: [], closed: false, acked: new Set(),
        subscribe(destination, onFrame, headers) {
          const entry = { destination, onFrame, headers, unsubscribed: false, unsubscribe() { entry.unsubscribed = true; } };
          connection.subscribed.push(entry);
          return entry;
        },
        send(destination, headers, body) { connection.sent.push({ destination, headers, body: body && JSON.parse(body || 'null') }); },
        close() { connection.closed = true; callbacks.onClosed(); },
        up() { callbacks.onConnected(); },
        down() { callbacks.onClosed(); },
        receipt(id, headers = {}) { callbacks.onReceipt(id, { 'receipt-id': id, ...headers }); },
        /** RECEIPTs for every SUBSCRIBE not yet confirmed. */
        ackSubscriptions() {
          connection.subscribed.filter((s) => s.headers.receipt && !connection.acked.has(s.headers.receipt))
            .forEach((s) => { connection.acked.add(s.headers.receipt); connection.receipt(s.headers.receipt); });
        },
        frame(destination, body) {
          connection.subscribed.filter((s) => s.destination === destination && !s.unsubscribed)
            .forEach((s) => s.onFrame(typeof body === 'string' ? body : JSON.stringify(body)));
        },
        sends(destination) { return connection.sent.filter((s) => s.destination === destination); },
      };
      connections.push(connection);
      return connection;
    },
  };
}

/** A conversation's log served as GET /api/conversations/{id}/messages does, and who asked with which token. */
function fakeServer() {
  const log = [];
  const requests = [];
  let tokens = new Set([TOKEN]);
  const server = {
    log,
    requests,
    accept(...valid) { tokens = new Set(valid); },
    add(entry) {
      const stored = { conversationId: C, seq: log.length + 1, ...entry };
      log.push(stored);
      return stored;
    },
    async fetch(url, init = {}) {
      requests.push({ url, init });
      const { pathname, searchParams } = new URL(url);
      const auth = (init.headers || {}).Authorization || '';
      const answer = (status, body) => ({ ok: status < 300, status, json: async () => body });
      if (!tokens.has(auth.replace(/^Bearer /, ''))) return answer(401, { code: 'UNAUTHORIZED', detail: 'Token has expired' });
      if (pathname === `/api/conversations/${C}/messages`) {
        const limit = Number(searchParams.get('limit') || 50);
        if (searchParams.has('after')) return answer(200, log.filter((e) => e.seq > Number(searchParams.get('after'))).slice(0, limit));
        if (searchParams.has('before')) return answer(200, log.filter((e) => e.seq < Number(searchParams.get('before'))).slice(-limit));
        return answer(200, log.slice(-limit));
      }
      if (pathname === '/api/conversations') return answer(200, [{ id: C, title: 'Plans', members: ['alice', 'bob'], createdBy: 'bob' }]);
      if (pathname === `/api/conversations/${C}/reads`) return answer(200, [{ user: 'bob', seq: 2 }]);
      if (pathname === `/api/conversations/${C}/documents/d1`) return answer(200, { id: 'd1', title: 'Minutes', version: 1, text: 'hi' });
      if (pathname === `/api/conversations/${C}/documents/d1/ops`) return answer(200, []);
      return answer(404, { code: 'NOT_FOUND', detail: `No ${pathname}` });
    },
  };
  return server;
}

const settle = async () => { for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve)); };

function setup(options = {}) {
  const driver = fakeDriver();
  const timers = fakeTimers();
  const server = fakeServer();
  let ids = 0;
  const parley = createParleyClient({
    url: 'https://chat.example', token: TOKEN, driver, timers, random: () => 0.5, backoff: { base: 1000, max: 8000 },
    fetch: server.fetch, newId: () => `cm-${++ids}`, ...options,
  });
  const events = [];
  ['message', 'edit', 'delete', 'reaction', 'typing', 'presence', 'read', 'error', 'failed', 'sent', 'signedOut']
    .forEach((type) => parley.on(type, (event) => events.push({ type, event })));
  const of = (type) => events.filter((e) => e.type === type).map((e) => e.event);
  return { driver, timers, server, parley, events, of };
}

/** Joins C: connects, confirms the subscriptions, and lets history load. */
async function joined(ctx, options) {
  const joining = ctx.parley.join(C, options);
  ctx.driver.last.up();
  ctx.driver.last.ackSubscriptions();
  await settle();
  return joining;
}

test('join subscribes with receipts, loads history after the receipt, and delivers each entry once, in seq order', async () => {
  const ctx = setup();
  ctx.server.add({ type: 'message', id: 'm1', sender: 'bob', content: 'one' });
  ctx.server.add({ type: 'message', id: 'm2', sender: 'bob', content: 'two' });
  const joining = ctx.parley.join(C);
  ctx.driver.last.up();
  const destinations = ctx.driver.last.subscribed.map((s) => s.destination);
  assert.equal(destinations[0], '/user/queue/errors', 'errors first, so refusals are heard');
  assert.ok(destinations.includes(`/topic/conversation.${C}`));
  ctx.driver.last.subscribed.filter((s) => s.destination !== '/user/queue/errors')
    .forEach((s) => assert.ok(s.headers.receipt, `${s.destination} has a receipt`));
  // a live frame before the receipt and the history: kept, delivered once, in order
  ctx.driver.last.frame(`/topic/conversation.${C}`, ctx.server.add({ type: 'message', id: 'm3', sender: 'bob', content: 'three' }));
  ctx.driver.last.ackSubscriptions();
  const room = await joining;
  assert.equal(room.id, C);
  ctx.driver.last.frame(`/topic/conversation.${C}`, ctx.server.log[2]); // again: a duplicate
  assert.deepEqual(ctx.of('message').map((m) => m.content), ['one', 'two', 'three']);
  assert.deepEqual(room.messages().map((m) => m.content), ['one', 'two', 'three']);
  assert.equal(room.lastSeq, 3);
  for (const { url, init } of ctx.server.requests) {
    assert.ok(!url.includes(TOKEN), 'the token is never in a URL');
    assert.equal(init.headers.Authorization, `Bearer ${TOKEN}`);
  }
  assert.equal(ctx.driver.last.headers.Authorization, `Bearer ${TOKEN}`, 'CONNECT carries the token');
});

test('after a reconnect (backoff with full jitter) it resubscribes with receipts and recovers what it missed by seq', async () => {
  const ctx = setup();
  const statuses = [];
  ctx.parley.on('status', (s) => statuses.push(s));
  ctx.server.add({ type: 'message', id: 'm1', sender: 'bob', content: 'before' });
  const room = await joined(ctx);
  ctx.driver.last.down();
  assert.equal(ctx.parley.status, Status.RECONNECTING);
  assert.equal(statuses.at(-1).retryInMs, 500, 'random 0.5 of the first ceiling, 1000 ms');
  const asked = ctx.server.requests.length;
  ctx.server.add({ type: 'message', id: 'm2', sender: 'bob', content: 'missed' });
  ctx.server.add({ type: 'message-edited', id: 'e1', messageId: 'm1', sender: 'bob', content: 'before, edited', version: 2 });
  ctx.timers.run(500);
  ctx.driver.last.down(); // still away
  assert.equal(ctx.timers.run(1000), 1000, 'the ceiling doubles');
  ctx.driver.last.up();
  assert.equal(ctx.of('message').length, 1, 'nothing is delivered before the subscription is confirmed');
  const live = ctx.server.add({ type: 'message', id: 'm3', sender: 'bob', content: 'live' });
  ctx.driver.last.frame(`/topic/conversation.${C}`, live);
  ctx.driver.last.ackSubscriptions();
  await settle();
  assert.deepEqual(ctx.of('message').map((m) => m.content), ['before', 'missed', 'live']);
  assert.deepEqual(ctx.of('edit').map((e) => e.content), ['before, edited']);
  assert.equal(room.message('m1').content, 'before, edited');
  assert.ok(room.message('m1').edited);
  const after = ctx.server.requests.slice(asked).map((r) => new URL(r.url).searchParams.get('after')).filter(Boolean);
  assert.deepEqual(after, ['1'], 'history after the last seq delivered');
});

test('messages wait in the outbox with their clientMessageId, are sent on reconnect, and resolve with the seq stored', async () => {
  const ctx = setup();
  const room = await joined(ctx);
  ctx.driver.last.down();
  const first = room.send('written offline');
  const reply = room.send('a reply', { replyTo: 'm0' });
  assert.deepEqual(room.pending.map((p) => p.content), ['written offline', 'a reply']);
  ctx.timers.run(500);
  ctx.driver.last.up();
  await settle();
  let sends = ctx.driver.last.sends(`/app/conversation.${C}.send`);
  assert.equal(sends.length, 1, 'one at a time: the next waits for its RECEIPT');
  assert.deepEqual(sends[0].body, { content: 'written offline', clientMessageId: 'cm-1' });
  ctx.driver.last.down(); // lost before its RECEIPT: sent again under the same id
  ctx.timers.run(500);
  ctx.driver.last.up();
  await settle();
  sends = ctx.driver.last.sends(`/app/conversation.${C}.send`);
  assert.deepEqual(sends[0].body, { content: 'written offline', clientMessageId: 'cm-1' });
  ctx.driver.last.receipt(sends[0].headers.receipt, { seq: '7' });
  assert.deepEqual(await first, { clientMessageId: 'cm-1', conversationId: C, seq: 7 });
  await settle();
  sends = ctx.driver.last.sends(`/app/conversation.${C}.send`);
  assert.deepEqual(sends[1].body, { content: 'a reply', clientMessageId: 'cm-2', replyTo: 'm0' });
  ctx.driver.last.receipt(sends[1].headers.receipt, { seq: '8' });
  assert.equal((await reply).seq, 8);
  assert.equal(ctx.parley.pending.length, 0);
  assert.deepEqual(ctx.of('sent').map((s) => s.seq), [7, 8]);
});

test('a message refused for good rejects in words and leaves the outbox; rate-limited ones are retried', async () => {
  const ctx = setup();
  const room = await joined(ctx);
  const refused = room.send('x'.repeat(10));
  let sent = ctx.driver.last.sends(`/app/conversation.${C}.send`)[0];
  ctx.driver.last.frame('/user/queue/errors', { type: 'error', code: 'RATE_LIMITED',
    message: 'Too many messages; retry in 1.5 s', receiptId: sent.headers.receipt });
  await settle();
  assert.equal(ctx.of('error')[0].words, 'You are sending too fast; trying again in 2 s');
  assert.equal(ctx.timers.pending.at(-1).delay, 1500, 'retried when the server says');
  ctx.timers.run(1500);
  sent = ctx.driver.last.sends(`/app/conversation.${C}.send`)[1];
  assert.equal(sent.body.clientMessageId, 'cm-1', 'the same clientMessageId');
  ctx.driver.last.frame('/user/queue/errors', { type: 'error', code: 'VALIDATION',
    message: 'content must not be blank', receiptId: sent.headers.receipt });
  await assert.rejects(refused, (error) => error instanceof ParleyError && error.code === 'VALIDATION'
    && error.words === 'That message cannot be sent: content must not be blank');
  assert.equal(ctx.of('failed')[0].clientMessageId, 'cm-1');
  assert.equal(room.pending.length, 0);
});

test('error reports that answer no receipt are events with words', async () => {
  const ctx = setup();
  await joined(ctx);
  ctx.driver.last.frame('/user/queue/errors', { type: 'error', code: 'FORBIDDEN', message: 'You are not a member' });
  const [error] = ctx.of('error');
  assert.equal(error.code, 'FORBIDDEN');
  assert.equal(error.detail, 'You are not a member');
  assert.equal(error.words, 'You are not allowed to do that: You are not a member');
  assert.equal(error.message, error.words);
});

test('edits, deletes, reactions and replies: typed events, receipts as promises, changes taken back when refused', async () => {
  const ctx = setup();
  ctx.server.add({ type: 'message', id: 'm1', sender: 'alice', content: 'Meet at ten?' });
  const room = await joined(ctx);
  const topic = `/topic/conversation.${C}`;
  ctx.driver.last.frame(topic, ctx.server.add({ type: 'message', id: 'm2', sender: 'bob', content: 'Yes',
    replyTo: 'm1', quote: { sender: 'alice', content: 'Meet at ten?' } }));
  assert.equal(ctx.of('message')[1].replyTo, 'm1');
  assert.deepEqual(room.message('m2').quote, { id: 'm1', sender: 'alice', content: 'Meet at ten?', deleted: false });

  const edited = room.edit('m1', 'Meet at eleven?');
  assert.equal(room.message('m1').content, 'Meet at eleven?', 'shown at once');
  assert.equal(room.message('m1').state, 'Saving…');
  const edit = ctx.driver.last.sends(`/app/conversation.${C}.edit`)[0];
  assert.equal(edit.body.messageId, 'm1');
  assert.ok(edit.body.clientMessageId);
  ctx.driver.last.receipt(edit.headers.receipt, { seq: '3' });
  assert.deepEqual(await edited, { seq: 3 });
  ctx.driver.last.frame(topic, ctx.server.add({ type: 'message-edited', id: 'e1', messageId: 'm1', sender: 'alice',
    content: 'Meet at eleven?', version: 2 }));
  assert.equal(ctx.of('edit')[0].version, 2);
  assert.equal(room.message('m1').state, null);

  const reacted = room.react('m2', '👍');
  assert.deepEqual(room.message('m2').reactions, [{ emoji: '👍', count: 1, mine: true, pending: true }]);
  const react = ctx.driver.last.sends(`/app/conversation.${C}.react`)[0];
  assert.equal(react.body.on, true);
  ctx.driver.last.frame('/user/queue/errors', { code: 'RATE_LIMITED', message: 'slow down', receiptId: react.headers.receipt });
  await assert.rejects(reacted, (e) => e.words === 'Could not react: you are doing that too fast; try again in a moment');
  assert.deepEqual(room.message('m2').reactions, [], 'taken back');
  ctx.driver.last.frame(topic, ctx.server.add({ type: 'reaction', id: 'r1', messageId: 'm2', user: 'bob', emoji: '🎉', on: true, count: 1 }));
  assert.equal(ctx.of('reaction')[0].emoji, '🎉');

  const deleted = room.delete('m1');
  assert.equal(room.message('m1').deleted, true);
  const del = ctx.driver.last.sends(`/app/conversation.${C}.delete`)[0];
  ctx.driver.last.receipt(del.headers.receipt, { seq: '6' });
  await deleted;
  ctx.driver.last.frame(topic, ctx.server.add({ type: 'message-deleted', id: 'd1', messageId: 'm1', sender: 'alice' }));
  assert.equal(ctx.of('delete')[0].messageId, 'm1');
  assert.deepEqual(room.message('m2').quote, { id: 'm1', deleted: true });

  const unconfirmed = room.edit('m2', 'not mine');
  assert.equal(ctx.driver.last.sends(`/app/conversation.${C}.edit`)[1].body.messageId, 'm2', 'sent as it is: the server decides');
  ctx.timers.run(10000);
  await assert.rejects(unconfirmed, (e) => e.code === 'TIMEOUT' && e.words === 'Could not edit the message: the server did not confirm it');
});

test('typing, presence and read positions arrive as typed events; typing and read marks are throttled', async () => {
  const ctx = setup();
  ctx.server.add({ type: 'message', id: 'm1', sender: 'bob', content: 'hi' });
  const room = await joined(ctx);
  const base = `/topic/conversation.${C}`;
  ctx.driver.last.frame(`${base}.typing`, { type: 'typing', conversationId: C, user: 'bob', typing: true });
  ctx.driver.last.frame(`${base}.typing`, { type: 'typing', conversationId: C, user: 'alice', typing: true });
  assert.deepEqual(ctx.of('typing'), [{ conversationId: C, user: 'bob', typing: true }], 'your own typing is not an event');
  ctx.driver.last.frame(`/app/conversation.${C}.presence`, { type: 'presence-snapshot', conversationId: C,
    members: [{ user: 'alice', status: 'online' }, { user: 'bob', status: 'away' }] });
  ctx.driver.last.frame(`${base}.presence`, { type: 'presence', user: 'bob', status: 'online' });
  assert.deepEqual(ctx.of('presence').map((p) => `${p.user}:${p.status}:${p.snapshot}`),
    ['alice:online:true', 'bob:away:true', 'bob:online:false']);
  ctx.driver.last.frame(`${base}.read`, { type: 'read', conversationId: C, user: 'bob', seq: 1 });
  assert.deepEqual(ctx.of('read'), [{ conversationId: C, user: 'bob', seq: 1 }]);
  assert.deepEqual(await room.reads(), [{ user: 'bob', seq: 2 }]);

  room.typing();
  room.typing();
  assert.equal(ctx.driver.last.sends(`/app/conversation.${C}.typing`).length, 1, 'repeats are throttled');
  room.markRead();
  assert.deepEqual(ctx.driver.last.sends(`/app/conversation.${C}.read`).map((s) => s.body), [{ seq: 1 }]);
  room.send('done typing');
  assert.deepEqual(ctx.driver.last.sends(`/app/conversation.${C}.typing`).map((s) => s.body.typing), [true, false]);
});

test('room events are the room\'s; leave() unsubscribes', async () => {
  const ctx = setup();
  const room = await joined(ctx);
  const seen = [];
  room.on('message', (m) => seen.push(m.content));
  ctx.driver.last.frame(`/topic/conversation.${C}`, ctx.server.add({ type: 'message', id: 'm1', sender: 'bob', content: 'mine' }));
  ctx.parley.on('message', () => {});
  assert.deepEqual(seen, ['mine']);
  room.leave();
  assert.ok(ctx.driver.last.subscribed.filter((s) => s.destination.startsWith(`/topic/conversation.${C}`))
    .every((s) => s.unsubscribed));
  assert.equal(ctx.parley.room(C), undefined);
});

test('a first history load that fails for a while (503, the network) is retried with backoff, and the join resolves', async () => {
  const ctx = setup();
  ctx.server.add({ type: 'message', id: 'm1', sender: 'bob', content: 'kept' });
  const serve = ctx.server.fetch;
  let failing = 2;
  ctx.server.fetch = async (url, init) => {
    if (url.includes('/messages') && failing > 0) {
      failing -= 1;
      if (failing === 1) return { ok: false, status: 503, json: async () => ({ code: 'UNAVAILABLE', detail: 'busy' }) };
      throw new TypeError('fetch failed');
    }
    return serve(url, init);
  };
  const parley = createParleyClient({
    url: 'https://chat.example', token: TOKEN, driver: ctx.driver, timers: ctx.timers, random: () => 0.5,
    backoff: { base: 1000, max: 8000 }, fetch: (url, init) => ctx.server.fetch(url, init),
  });
  const errors = [];
  parley.on('error', (e) => errors.push(e.code));
  let joined = false;
  const joining = parley.join(C).then((room) => { joined = true; return room; });
  ctx.driver.last.up();
  ctx.driver.last.ackSubscriptions();
  await settle();
  assert.equal(joined, false, 'not joined while history cannot be loaded');
  assert.deepEqual(errors, ['UNAVAILABLE']);
  assert.equal(ctx.timers.run(500), 500, 'first retry after a jittered 1 s ceiling');
  await settle();
  assert.equal(ctx.timers.run(1000), 1000, 'then 2 s');
  await settle();
  const room = await joining;
  assert.deepEqual(errors, ['UNAVAILABLE', 'UNKNOWN']);
  assert.deepEqual(room.messages().map((m) => m.content), ['kept']);
});

test('a join refused by the server rejects in words', async () => {
  const ctx = setup();
  const joining = ctx.parley.join(C);
  ctx.driver.last.up();
  const topic = ctx.driver.last.subscribed.find((s) => s.destination === `/topic/conversation.${C}`);
  ctx.driver.last.frame('/user/queue/errors', { code: 'FORBIDDEN', message: 'Not a member', receiptId: topic.headers.receipt });
  await assert.rejects(joining, (e) => e.code === 'FORBIDDEN' && e.words.startsWith('You are not allowed'));
});

test('an expired token is refreshed: CONNECT again with the new one, and HTTP retried once with it', async () => {
  const fresh = jwt({ sub: 'alice', exp: 4_100_000_000 });
  let refreshes = 0;
  const ctx = setup({ refreshToken: async () => { refreshes += 1; return { token: fresh }; } });
  const connecting = ctx.parley.connect();
  ctx.driver.last.callbacks.onStompError('Unauthorized: Token has expired');
  ctx.driver.last.down();
  await settle();
  assert.equal(refreshes, 1);
  assert.equal(ctx.driver.last.headers.Authorization, `Bearer ${fresh}`);
  ctx.driver.last.up();
  await connecting;
  ctx.server.accept(fresh);
  assert.equal((await ctx.parley.conversations()).length, 1);
  ctx.server.accept('another');
  await assert.rejects(ctx.parley.conversations(), (e) => e.code === 'UNAUTHORIZED' && e.status === 401);
  assert.equal(refreshes, 2, 'a 401 asks for a new token once');
});

test('without a new token a refused CONNECT signs out and connect() rejects', async () => {
  const ctx = setup();
  const connecting = ctx.parley.connect();
  ctx.driver.last.callbacks.onStompError('Unauthorized: Token has expired');
  ctx.driver.last.down();
  await assert.rejects(connecting, (e) => e.code === 'UNAUTHORIZED');
  assert.equal(ctx.of('signedOut').length, 1);
  assert.equal(ctx.timers.pending.length, 0, 'no reconnect');
});

test('close() stops for good; messages not yet stored stay in the (stored) outbox for the next client', async () => {
  const storage = new Map();
  const store = { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) };
  const ctx = setup({ storage: store });
  const room = await joined(ctx);
  ctx.driver.last.down();
  const sending = room.send('later');
  ctx.parley.close();
  await assert.rejects(sending, (e) => e.code === 'DISCONNECTED');
  assert.equal(ctx.parley.status, Status.OFFLINE);
  assert.deepEqual(JSON.parse(storage.get('parley.outbox.alice')).map((i) => i.content), ['later']);
  const next = setup({ storage: store });
  assert.deepEqual(next.parley.pending.map((i) => i.clientMessageId), ['cm-1'], 'the same clientMessageId');
});

test('the server URL gives the HTTP base and the WebSocket endpoint; the token gives the user', () => {
  assert.deepEqual(serverUrls('http://localhost:8080'), { http: 'http://localhost:8080', ws: 'ws://localhost:8080/ws' });
  assert.deepEqual(serverUrls('https://chat.example/parley/'), { http: 'https://chat.example/parley', ws: 'wss://chat.example/parley/ws' });
  assert.deepEqual(serverUrls('wss://chat.example/ws'), { http: 'https://chat.example', ws: 'wss://chat.example/ws' });
  assert.equal(tokenClaims(TOKEN).sub, 'alice');
  assert.deepEqual(tokenClaims('not a token'), {});
  assert.equal(setup().parley.user, 'alice');
});

test('a join whose connection is refused for good rejects instead of waiting', async () => {
  const ctx = setup();
  const joining = ctx.parley.join(C);
  ctx.driver.last.callbacks.onStompError('Unauthorized: Token has expired');
  ctx.driver.last.down();
  await assert.rejects(joining, (e) => e.code === 'UNAUTHORIZED');
  assert.equal(ctx.parley.room(C), undefined);
});

test('a shared document: loaded, kept in step after its receipt, local edits sent as ops, remote ones transformed', async () => {
  const ctx = setup();
  const room = await joined(ctx);
  const doc = await room.openDocument('d1');
  const texts = [];
  const states = [];
  doc.on('text', (change) => texts.push(change.text));
  doc.on('state', (state) => states.push(state));
  const cursors = [];
  doc.on('cursor', (cursor) => cursors.push(cursor.user));
  assert.equal(doc.text, 'hi');
  const topic = `/topic/conversation.${C}.doc.d1`;
  ctx.driver.last.ackSubscriptions();
  await doc.idle();
  await settle();
  assert.ok(ctx.server.requests.some((r) => r.url.endsWith('/documents/d1/ops?after=1&limit=500')), 'caught up after the receipt');
  doc.edit([2, '!']);
  assert.equal(doc.text, 'hi!');
  const [op] = ctx.driver.last.sends(`/app/conversation.${C}.doc.d1.op`);
  assert.deepEqual({ version: op.body.version, op: op.body.op }, { version: 1, op: [2, '!'] });
  assert.equal(doc.state, 'saving');
  ctx.driver.last.frame(topic, { type: 'doc-op', documentId: 'd1', version: 2, op: ['Oh, '], author: 'bob', clientOpId: 'b-1' });
  await doc.idle();
  assert.equal(doc.text, 'Oh, hi!', 'the remote op, transformed past ours');
  ctx.driver.last.frame(topic, { type: 'doc-op', documentId: 'd1', version: 3, op: [6, '!'], author: 'alice', clientOpId: op.body.clientOpId });
  await doc.idle();
  assert.equal(doc.state, 'saved');
  assert.deepEqual(texts, ['Oh, hi!']);
  assert.ok(states.includes('saved'));
  ctx.driver.last.frame(`${topic}.cursors`, { type: 'doc-cursor', user: 'bob', version: 3, anchor: 0, head: 2 });
  ctx.driver.last.frame(`${topic}.cursors`, { type: 'doc-cursor', user: 'alice', version: 3, anchor: 1, head: 1 });
  assert.deepEqual(cursors, ['bob'], 'the others\' cursors');
  assert.equal(doc.cursor(7), true);
  assert.deepEqual(ctx.driver.last.sends(`/app/conversation.${C}.doc.d1.cursor`).at(-1).body, { version: 3, anchor: 7, head: 7 });
  doc.close();
  assert.ok(ctx.driver.last.subscribed.filter((s) => s.destination.startsWith(topic)).every((s) => s.unsubscribed));
});
