// The live admin view's figures, without the DOM: the latest figures of each node (from /topic/admin.stats, one
// message per node per second), nodes silent for STALE_MS dropped, the cluster's total, and the last minute of the
// total for the charts.

/** A node that has sent nothing for this long is gone (it sends every second). */
export const STALE_MS = 5000;

/** Samples kept for the charts: one a second, a minute. */
export const HISTORY = 60;

/** Conversations listed as busiest. */
export const BUSIEST = 5;

/**
 * @param {object} [options]
 * @param {() => number} [options.now]
 */
export function createAdminStats({ now = Date.now } = {}) {
  /** @type {Map<string, {stats: object, seenAt: number}>} */
  const nodes = new Map();
  /** @type {{messagesPerSecond: number, p99: (number|null)}[]} */
  const history = [];

  function prune() {
    const limit = now() - STALE_MS;
    for (const [node, entry] of nodes) {
      if (entry.seenAt < limit) nodes.delete(node);
    }
  }

  return {
    /** One node's figures arrived. */
    accept(stats) {
      if (!stats || stats.type !== 'admin-stats' || typeof stats.node !== 'string') return;
      nodes.set(stats.node, { stats, seenAt: now() });
    },

    /** The nodes heard from within STALE_MS, by id. */
    nodes() {
      prune();
      return [...nodes.values()].map((e) => e.stats).sort((a, b) => a.node.localeCompare(b.node));
    },

    /** The cluster's figures: sums, and for latency the slowest node's (percentiles do not add up). */
    total() {
      return totalOf(this.nodes());
    },

    /** Once a second: the total joins the charts' history. */
    sample() {
      const total = this.total();
      history.push({ messagesPerSecond: total.receivedPerSecond, p99: total.handlingP99Ms });
      if (history.length > HISTORY) history.shift();
    },

    /** The last minute of samples, oldest first. */
    get history() { return history.slice(); },
  };
}

/** @param {object[]} list the nodes' figures */
export function totalOf(list) {
  const sum = (key) => list.reduce((acc, s) => acc + (Number(s[key]) || 0), 0);
  const max = (key) => list.reduce((acc, s) => (typeof s[key] === 'number' && (acc === null || s[key] > acc)
    ? s[key] : acc), null);
  const errors = {};
  const busy = new Map();
  for (const s of list) {
    for (const [code, count] of Object.entries(s.errors || {})) errors[code] = (errors[code] || 0) + count;
    for (const b of s.busiest || []) busy.set(b.conversation, (busy.get(b.conversation) || 0) + b.messages);
  }
  const busiest = [...busy].map(([conversation, messages]) => ({ conversation, messages }))
    .sort((a, b) => b.messages - a.messages || a.conversation.localeCompare(b.conversation))
    .slice(0, BUSIEST);
  const down = (key) => list.filter((s) => s[key] !== 'UP').length;
  // users on two nodes are one user: the cluster-wide count of the freshest figures, else the nodes' sum
  const counted = list.filter((s) => typeof s.usersOnlineInCluster === 'number')
    .sort((a, b) => String(b.at).localeCompare(String(a.at)));
  return {
    nodes: list.length,
    sessions: sum('sessions'),
    usersOnline: counted.length ? counted[0].usersOnlineInCluster : sum('usersOnline'),
    received: sum('received'),
    delivered: sum('delivered'),
    receivedPerSecond: round(sum('receivedPerSecond')),
    deliveredPerSecond: round(sum('deliveredPerSecond')),
    handlingP50Ms: max('handlingP50Ms'),
    handlingP99Ms: max('handlingP99Ms'),
    errors,
    busiest,
    brokerDown: down('broker'),
    databaseDown: down('database'),
  };
}

function round(value) {
  return Math.round(value * 10) / 10;
}

/**
 * The points of an SVG polyline drawing the values left to right in a width × height box, the highest value at the
 * top (0 at the bottom); a missing value (null) is drawn as 0.
 * @param {(number|null)[]} values
 */
export function sparkline(values, width, height, slots = HISTORY) {
  const top = Math.max(1, ...values.map((v) => v || 0));
  const step = width / Math.max(1, slots - 1);
  const offset = slots - values.length;
  return values.map((v, i) => {
    const x = (offset + i) * step;
    const y = height - ((v || 0) / top) * height;
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  }).join(' ');
}

/** A latency for people: "3.4 ms", or "–" when there was no message. */
export function formatMs(value) {
  if (typeof value !== 'number') return '–';
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/**
 * The roles a token names in its roles claim, read (not verified: the server decides) to say who is signed in.
 * @returns {string[]}
 */
export function rolesOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(part + '='.repeat((4 - (part.length % 4)) % 4)));
    return Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  } catch {
    return [];
  }
}
