// Unit tests of the admin view's figures; run by `node --test` (./mvnw verify runs them through JavaScriptUnitTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdminStats, formatMs, HISTORY, rolesOf, sparkline, STALE_MS } from '../js/admin-stats.js';

const figures = (node, extra = {}) => ({
  type: 'admin-stats', node, sessions: 2, usersOnline: 1, received: 10, delivered: 20, receivedPerSecond: 1.5,
  deliveredPerSecond: 3, handlingP50Ms: 1, handlingP99Ms: 4, errors: {}, busiest: [], broker: 'UP',
  brokerMode: 'bridge', database: 'UP', ...extra,
});

test('keeps the latest figures of each node and adds them up', () => {
  const stats = createAdminStats({ now: () => 0 });
  stats.accept(figures('b', { received: 5 }));
  stats.accept(figures('a', { errors: { FORBIDDEN: 2 }, busiest: [{ conversation: 'c1', messages: 3 }] }));
  stats.accept(figures('b', { received: 7, handlingP99Ms: 9, errors: { FORBIDDEN: 1, VALIDATION: 4 },
    busiest: [{ conversation: 'c2', messages: 2 }, { conversation: 'c1', messages: 1 }] }));
  assert.deepEqual(stats.nodes().map((n) => n.node), ['a', 'b']);
  const total = stats.total();
  assert.equal(total.nodes, 2);
  assert.equal(total.received, 17);
  assert.equal(total.sessions, 4);
  assert.equal(total.receivedPerSecond, 3);
  assert.equal(total.handlingP99Ms, 9, 'the slowest node, not a sum');
  assert.deepEqual(total.errors, { FORBIDDEN: 3, VALIDATION: 4 });
  assert.deepEqual(total.busiest, [{ conversation: 'c1', messages: 4 }, { conversation: 'c2', messages: 2 }]);
  assert.equal(total.brokerDown, 0);
});

test('users online in total: the cluster-wide count of the freshest figures, not the nodes\' sum', () => {
  const stats = createAdminStats({ now: () => 0 });
  stats.accept(figures('a', { usersOnline: 3 }));
  stats.accept(figures('b', { usersOnline: 2 }));
  assert.equal(stats.total().usersOnline, 5, 'without a cluster-wide count, the sum');
  stats.accept(figures('a', { usersOnline: 3, usersOnlineInCluster: 4, at: '2026-12-06T10:00:01Z' }));
  stats.accept(figures('b', { usersOnline: 2, usersOnlineInCluster: 3, at: '2026-12-06T10:00:02Z' }));
  assert.equal(stats.total().usersOnline, 3, 'a user on both nodes counts once');
});

test('drops a node silent for five seconds', () => {
  let now = 0;
  const stats = createAdminStats({ now: () => now });
  stats.accept(figures('a'));
  now = 2000;
  stats.accept(figures('b', { broker: 'DOWN' }));
  assert.equal(stats.total().brokerDown, 1);
  now = STALE_MS + 1;
  assert.deepEqual(stats.nodes().map((n) => n.node), ['b']);
});

test('ignores what is not a node\'s figures', () => {
  const stats = createAdminStats({ now: () => 0 });
  stats.accept({ type: 'error', code: 'FORBIDDEN' });
  stats.accept(null);
  assert.equal(stats.total().nodes, 0);
});

test('keeps a minute of samples for the charts', () => {
  const stats = createAdminStats({ now: () => 0 });
  stats.accept(figures('a', { handlingP99Ms: undefined }));
  for (let i = 0; i < HISTORY + 5; i++) stats.sample();
  assert.equal(stats.history.length, HISTORY);
  assert.deepEqual(stats.history[0], { messagesPerSecond: 1.5, p99: null });
});

test('a sparkline fills from the right, highest value at the top', () => {
  assert.equal(sparkline([0, 2, 1], 100, 10, 3), '0.0,10.0 50.0,0.0 100.0,5.0');
  assert.equal(sparkline([4], 100, 10, 3), '100.0,0.0');
  assert.equal(sparkline([null, 0], 10, 10, 2), '0.0,10.0 10.0,10.0');
});

test('latencies and roles for people', () => {
  assert.equal(formatMs(undefined), '–');
  assert.equal(formatMs(1.234), '1.2 ms');
  assert.equal(formatMs(42.4), '42 ms');
  const claims = Buffer.from(JSON.stringify({ sub: 'alice', roles: ['USER'] })).toString('base64url');
  assert.deepEqual(rolesOf(`h.${claims}.s`), ['USER']);
  assert.deepEqual(rolesOf('not a token'), []);
});
