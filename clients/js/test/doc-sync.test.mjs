// Unit tests of the page's document sync and textarea diff; run by `node --test` (./mvnw verify runs them through
// JavaScriptUnitTests). A fake server here does what DocumentStore does (transform a late op by each op committed
// since, side 'left'; answer a repeated clientOpId with the stored op); the real server is checked by the Java tests
// and the browser tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDocSync, textHash } from '../src/doc-sync.js';
import { diff } from '../src/text-diff.js';
import { apply, transform, codePointLength } from '../src/ot-text.js';

function createServer() {
  const ops = [];
  let text = '';
  const subscribers = new Set();
  return {
    get text() { return text; },
    get version() { return ops.length; },
    ops,
    subscribers,
    submit(author, { version, op, clientOpId }) {
      const earlier = ops.find((o) => o.author === author && o.clientOpId === clientOpId);
      if (earlier) return { event: earlier, repeated: true };
      if (version > ops.length) throw { code: 'VALIDATION', message: 'version ahead' };
      let late = op;
      for (const committed of ops.slice(version)) late = transform(late, committed.op, 'left');
      text = apply(text, late);
      const event = { type: 'doc-op', version: ops.length + 1, op: late, author, clientOpId };
      if (event.version % 5 === 0) event.hash = textHash(text);
      ops.push(event);
      return { event, repeated: false };
    },
  };
}

/** A client on a fake network: frames and receipts arrive after random delays, in order per client. */
function createClient(server, name, random, schedule) {
  let connected = true;
  let inbox = [];
  const problems = [];
  const sync = createDocSync({
    user: () => name,
    minInterval: 0,
    setTimeout: (fn, ms) => schedule(fn, ms),
    send: (body) => new Promise((resolve, reject) => {
      if (!connected) { reject({ code: 'DISCONNECTED' }); return; }
      schedule(() => {
        if (!connected) { reject({ code: 'DISCONNECTED' }); return; }
        try {
          const { event, repeated } = server.submit(name, body);
          if (!repeated) server.subscribers.forEach((deliver) => deliver(event));
          resolve();
        } catch (error) { reject(error); }
      }, random() * 5);
    }),
    fetchOps: async (after, limit) => server.ops.slice(after, after + limit),
    fetchSnapshot: async () => ({ version: server.version, text: server.text }),
    onText: () => {},
    onProblem: (message) => problems.push(message),
  });
  const deliver = (event) => {
    if (!connected) return;
    inbox.push(event);
    schedule(() => { const next = inbox.shift(); if (next && connected) sync.receive(next); }, random() * 5);
  };
  server.subscribers.add(deliver);
  return {
    sync,
    problems,
    name,
    drop() { connected = false; inbox = []; server.subscribers.delete(deliver); sync.offline(); },
    back() { connected = true; server.subscribers.add(deliver); return sync.online(); },
    get connected() { return connected; },
  };
}

/** A seeded random source, so a failure names its seed. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ALPHABET = ['a', 'b', ' ', '\n', 'é', '😀', '𝄞'];

function randomEdit(random, text) {
  const length = codePointLength(text);
  if (length > 200) return [{ d: 50 }];
  const at = Math.floor(random() * (length + 1));
  if (random() < 0.3 && at < length) {
    const n = 1 + Math.floor(random() * Math.min(3, length - at));
    return at > 0 ? [at, { d: n }] : [{ d: n }];
  }
  const inserted = Array.from({ length: 1 + Math.floor(random() * 3) },
    () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
  return at > 0 ? [at, inserted] : [inserted];
}

/** A simulated clock: timers run in time order when the test advances it. */
function createScheduler() {
  let now = 0;
  let timers = [];
  return {
    schedule(fn, ms) { timers.push({ at: now + ms, fn }); timers.sort((a, b) => a.at - b.at); },
    async run() {
      while (timers.length) {
        const next = timers.shift();
        now = next.at;
        next.fn();
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
  test(`clients with random delays and reconnects converge on the server's text (seed ${seed})`, async () => {
    const random = rng(seed);
    const server = createServer();
    const clock = createScheduler();
    const clients = ['ann', 'ben', 'cat'].map((name) => createClient(server, name, random, clock.schedule));
    for (const client of clients) await client.back();
    for (let round = 0; round < 60; round++) {
      for (const client of clients) {
        if (random() < 0.6) client.sync.edit(randomEdit(random, client.sync.text));
        if (client.connected && random() < 0.05) client.drop();
        else if (!client.connected && random() < 0.2) await client.back();
      }
      if (random() < 0.5) await clock.run();
    }
    for (const client of clients) if (!client.connected) await client.back();
    for (let i = 0; i < 50 && clients.some((c) => c.sync.pending.length || c.sync.version < server.version); i++) {
      await clock.run();
      for (const client of clients) await client.sync.idle();
    }
    for (const client of clients) {
      assert.equal(client.sync.text, server.text, `${client.name}'s text`);
      assert.equal(client.sync.version, server.version);
      assert.deepEqual(client.problems, []);
    }
    assert.ok(server.version > 30, `only ${server.version} versions`);
  });
}

test('an op the server no longer keeps the base of reloads the document and says edits were lost', async () => {
  const problems = [];
  const texts = [];
  const sync = createDocSync({
    user: () => 'ann',
    minInterval: 0,
    send: () => new Promise(() => {}),
    fetchOps: async () => { throw { code: 'GONE', problem: { document: { version: 9, text: 'server text' } } }; },
    fetchSnapshot: async () => assert.fail('the 410 carries the document'),
    onText: (change) => texts.push(change),
    onProblem: (message) => problems.push(message),
  });
  sync.load({ version: 2, text: 'ab' });
  sync.edit([2, 'c']);
  await sync.online();
  assert.equal(sync.text, 'server text');
  assert.equal(sync.version, 9);
  assert.deepEqual(texts, [{ text: 'server text', op: null }]);
  assert.equal(problems.length, 1);
});

test('a wrong hash reloads the document', async () => {
  const sync = createDocSync({
    user: () => 'ann',
    send: async () => {},
    fetchOps: async () => [],
    fetchSnapshot: async () => ({ version: 1, text: 'right' }),
    onText: () => {},
  });
  sync.load({ version: 0, text: '' });
  sync.receive({ version: 1, op: ['wrong'], author: 'ben', hash: textHash('right') });
  await sync.idle();
  assert.equal(sync.text, 'right');
  sync.receive({ version: 2, op: [5, '!'], author: 'ben', hash: textHash('right!') });
  await sync.idle();
  assert.equal(sync.text, 'right!');
});

test('the hash is FNV-1a over UTF-16 code units, as the server computes it', () => {
  assert.equal(textHash(''), '811c9dc5');
  assert.equal(textHash('a'), 'e40c292c');
  assert.equal(textHash('foobar'), 'bf9cf968');
});

test('a textarea change becomes one op in code points, never splitting an emoji', () => {
  assert.deepEqual(diff('hello', 'hello world'), [5, ' world']);
  assert.deepEqual(diff('hello world', 'hello'), [5, { d: 6 }]);
  assert.deepEqual(diff('hello', 'jello'), [{ d: 1 }, 'j']);
  assert.deepEqual(diff('a😀b', 'a😁b'), [1, { d: 1 }, '😁']);
  assert.deepEqual(diff('😀', '😀😀'), [1, '😀']);
  assert.deepEqual(diff('x😀y', 'xy'), [1, { d: 1 }]);
  // a repeated character goes where the caret says it was typed
  assert.deepEqual(diff('aa', 'aaa', 1), ['a']);
  assert.deepEqual(diff('aa', 'aaa', 3), [2, 'a']);
  assert.deepEqual(diff('same', 'same'), []);
  for (const [before, after] of [['', 'x'], ['abc', ''], ['a😀😀b', 'a😀b'], ['𝄞𝄞', '𝄞x𝄞']]) {
    assert.equal(apply(before, diff(before, after)), after);
  }
});

test('broadcasts out of order are applied in order; one that never comes is fetched', async () => {
  const timers = [];
  const fetched = [];
  const sync = createDocSync({
    user: () => 'ann',
    send: async () => {},
    fetchOps: async (after) => {
      fetched.push(after);
      return [{ version: 3, op: [2, 'c'], author: 'ben' }, { version: 4, op: [3, 'd'], author: 'ben' }];
    },
    fetchSnapshot: async () => assert.fail('no reload'),
    onText: () => {},
    setTimeout: (fn) => timers.push(fn),
  });
  sync.load({ version: 0, text: '' });
  sync.receive({ version: 2, op: [1, 'b'], author: 'ben' });
  sync.receive({ version: 1, op: ['a'], author: 'ben' });
  await sync.idle();
  assert.equal(sync.text, 'ab');
  assert.deepEqual(fetched, []);
  sync.receive({ version: 4, op: [3, 'd'], author: 'ben' });
  await sync.idle();
  assert.equal(sync.version, 2);
  timers.forEach((fn) => fn()); // version 3 did not come in time
  await sync.idle();
  assert.deepEqual(fetched, [2]);
  assert.equal(sync.text, 'abcd');
  assert.equal(sync.version, 4);
});
