// The live admin view: signs in like the chat page (session.js, the token in this tab's sessionStorage), connects
// with the token in the CONNECT frame's Authorization header, and subscribes to /topic/admin.stats with a receipt.
// Only ADMIN may: anyone else's SUBSCRIBE is refused (FORBIDDEN on /user/queue/errors, matched to the receipt), and
// the page says so instead of showing figures. Every node sends its own figures once a second; the page keeps the
// latest of each (admin-stats.js), redraws, and once a second adds the total to the minute-long charts.
import { createConnection, modernDriver } from './parley-client/core.js';
import { createAdminStats, formatMs, rolesOf, sparkline } from './admin-stats.js';
import { $, el, loadScript } from './dom.js';
import { createSession } from './session.js';
import { createStatusBar } from './status-bar.js';

const ADMIN_STATS = '/topic/admin.stats';
const CHART = { width: 300, height: 60 };

let connection = null;
let stats = createAdminStats();
let sampler = null;

const statusBar = createStatusBar({ active: () => connection !== null, onReconnectNow: () => connection && connection.wake() });
const session = createSession({
  view: 'admin-view',
  demoNames: (demo) => [demo.admin, ...demo.users].filter(Boolean),
  onSignedIn: () => { connect(); },
  onSignedOut: disconnect,
});

function setState(state) {
  $('admin-view').dataset.adminState = state;
  $('waiting').hidden = state !== 'waiting';
}

async function connect() {
  stats = createAdminStats();
  setState('waiting');
  $('refused').hidden = true;
  render();
  if (!window.StompJs) await loadScript('/webjars/stomp__stompjs/bundles/stomp.umd.min.js');
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  connection = createConnection({
    driver: modernDriver(window.StompJs, () => new WebSocket(url, ['v12.stomp', 'v11.stomp', 'v10.stomp'])),
    connectHeaders: () => ({ Authorization: `Bearer ${session.token}` }),
    tokenExpiresAt: () => session.expiresAt,
    refreshToken: () => session.refresh(),
    isOnline: () => navigator.onLine,
    onStatus: (status, detail) => statusBar.show(status, detail),
    onRefused: () => session.signOut('Your sign-in has expired; please sign in again.'),
  });
  connection.subscribe(ADMIN_STATS, (body) => {
    try {
      stats.accept(JSON.parse(body));
    } catch {
      return; // not JSON: not figures
    }
    render();
  }, {
    onReady: () => { if ($('admin-view').dataset.adminState !== 'live') setState('waiting'); },
    onRefused: (error) => refused(error),
  });
  connection.start();
  sampler = setInterval(() => {
    stats.sample();
    render();
  }, 1000);
}

/** The server refused the figures: say who is signed in and why, and stop asking. */
function refused(error) {
  const roles = rolesOf(session.token || '');
  const who = `${session.user}${roles.length ? ` (${roles.join(', ')})` : ''}`;
  $('refused').textContent = error && error.code === 'FORBIDDEN'
    ? `Admins only: signed in as ${who}. The server refused the live figures (${error.message}).`
    : `The server refused the live figures: ${(error && error.message) || 'unknown reason'}.`;
  $('refused').hidden = false;
  setState('refused');
  stopSampling();
  if (connection) {
    const closing = connection;
    connection = null;
    closing.stop();
  }
}

function stopSampling() {
  if (sampler) clearInterval(sampler);
  sampler = null;
}

function disconnect() {
  stopSampling();
  if (connection) connection.stop();
  connection = null;
  stats = createAdminStats();
  statusBar.show('offline');
}

function render() {
  const nodes = stats.nodes();
  const total = stats.total();
  if (nodes.length > 0 && $('admin-view').dataset.adminState === 'waiting') setState('live');
  $('total-nodes').textContent = String(total.nodes);
  $('total-sessions').textContent = String(total.sessions);
  $('total-users').textContent = String(total.usersOnline);
  $('total-rate').textContent = String(total.receivedPerSecond);
  $('total-delivered-rate').textContent = String(total.deliveredPerSecond);
  $('total-p50').textContent = formatMs(total.handlingP50Ms);
  $('total-p99').textContent = formatMs(total.handlingP99Ms);
  $('total-received').textContent = String(total.received);
  $('total-broker').textContent = total.nodes === 0 ? '–' : total.brokerDown ? `DOWN on ${total.brokerDown}` : 'UP';
  $('total-database').textContent = total.nodes === 0 ? '–'
    : total.databaseDown ? `not UP on ${total.databaseDown}` : 'UP';

  const history = stats.history;
  $('rate-now').textContent = String(total.receivedPerSecond);
  $('p99-now').textContent = formatMs(total.handlingP99Ms);
  $('rate-chart').querySelector('polyline')
    .setAttribute('points', sparkline(history.map((h) => h.messagesPerSecond), CHART.width, CHART.height));
  $('p99-chart').querySelector('polyline')
    .setAttribute('points', sparkline(history.map((h) => h.p99), CHART.width, CHART.height));

  $('nodes').tBodies[0].replaceChildren(...nodes.map(nodeRow));

  $('busiest').replaceChildren(...total.busiest.map((b) => {
    const item = el('li');
    item.append(el('span', 'conversation-id', b.conversation), document.createTextNode(`: ${b.messages}`));
    return item;
  }));
  $('no-busiest').hidden = total.busiest.length > 0;
  const codes = Object.entries(total.errors).sort((a, b) => b[1] - a[1]);
  $('errors').replaceChildren(...codes.map(([code, count]) => el('li', null, `${code}: ${count}`)));
  $('no-errors').hidden = codes.length > 0;
}

function nodeRow(s) {
  const row = el('tr');
  row.dataset.node = s.node;
  const errors = Object.values(s.errors || {}).reduce((a, b) => a + b, 0);
  const cells = [
    [s.node.slice(0, 8), s.node], [s.sessions], [s.usersOnline], [s.receivedPerSecond], [s.deliveredPerSecond],
    [formatMs(s.handlingP50Ms)], [formatMs(s.handlingP99Ms)], [s.received], [errors],
    [`${s.broker} (${s.brokerMode})`, null, s.broker !== 'UP'], [s.database, null, s.database !== 'UP'],
  ];
  row.append(...cells.map(([text, title, down]) => {
    const cell = el('td', down ? 'down' : null, String(text));
    if (title) cell.title = title;
    return cell;
  }));
  return row;
}

session.resume();
