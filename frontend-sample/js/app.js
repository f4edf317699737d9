// Parley's sample chat client: reads the page's options from its URL, creates the connection at sign-in, and wires
// the views together. Each view keeps its own state; every piece of user data reaches the page through textContent.
import { createConversationList } from './conversation-list.js';
import { createConversationView } from './conversation-view.js';
import { createDocumentPanel } from './document-panel.js';
import { $, loadScript } from './dom.js';
import { createNotices } from './notices.js';
import {
  createConnection, createOutbox, createSender, legacyDriver, modernDriver, Status,
} from './parley-client/core.js';
import { createSession } from './session.js';
import { createStatusBar } from './status-bar.js';
import { createUploads } from './uploads.js';

const params = new URLSearchParams(location.search);
const options = Object.freeze({
  transport: params.get('transport') === 'sockjs' ? 'sockjs' : 'websocket',
  sockjsTransports: params.get('sockjs') ? params.get('sockjs').split(',') : undefined,
  legacy: params.get('client') === 'legacy',
});

$('client-name').textContent = options.legacy ? 'stomp.js 2.3 (legacy)' : '@stomp/stompjs 7';
$('transport-name').textContent = options.transport === 'sockjs' ? 'SockJS' : 'WebSocket';

startPage();

function socketFactory() {
  if (options.transport === 'sockjs') {
    return () => new SockJS('/sockjs', null, options.sockjsTransports ? { transports: options.sockjsTransports } : {});
  }
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  return () => new WebSocket(url, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
}

/** The STOMP library the options ask for (loaded at sign-in), as a driver of connection.js. */
async function loadDriver() {
  await loadScript(options.legacy ? '/webjars/stomp-websocket/stomp.min.js' : '/webjars/stomp__stompjs/bundles/stomp.umd.min.js');
  if (options.transport === 'sockjs') await loadScript('/webjars/sockjs-client/sockjs.min.js');
  return options.legacy ? legacyDriver(window.Stomp, socketFactory()) : modernDriver(window.StompJs, socketFactory());
}

function startPage() {
  /** From sign-in to sign-out: {connection, outbox, sender}. */
  let chat = null;

  const notices = createNotices();
  const statusBar = createStatusBar({
    active: () => chat !== null,
    onReconnectNow: () => chat && chat.connection.wake(),
  });
  const session = createSession({
    onSignedIn: () => { connect(); },
    onSignedOut: disconnect,
    onMyStatus: (status) => chat && chat.connection.signal('/app/presence', { status }),
  });
  const list = createConversationList({
    api: session.api,
    signedIn: () => Boolean(session.token),
    openId: () => view.openId,
    onOpen: (id) => view.open(id),
    showError: notices.error,
    toast: notices.toast,
    user: () => session.user,
    connection: () => chat && chat.connection,
  });
  const view = createConversationView({
    api: session.api,
    connection: () => chat && chat.connection,
    outbox: () => chat && chat.outbox,
    user: () => session.user,
    conversation: list.get,
    send: (conversationId, content, replyTo) => chat.sender.send(conversationId, content, replyTo),
    onOpened: (id) => {
      list.render();
      documentPanel.show(id);
    },
    showError: notices.error,
  });
  const documentPanel = createDocumentPanel({
    api: session.api,
    connection: () => chat && chat.connection,
    user: () => session.user,
    showError: notices.error,
  });
  const uploads = createUploads({ token: () => session.token });

  function showStatus(status, detail) {
    statusBar.show(status, detail);
    view.renderPending(); // "Sending…" or "Waiting for connection…"
    documentPanel.connectionStatus(status);
  }

  async function connect() {
    const outbox = createOutbox({ storage: sessionStorage, key: `parley.outbox.${session.user}` });
    const driver = await loadDriver();
    $('client-name').textContent = driver.name;
    $('transport-name').textContent = options.transport === 'sockjs' ? 'SockJS' : 'WebSocket';
    document.documentElement.dataset.client = options.legacy ? 'legacy' : 'stompjs';
    document.documentElement.dataset.transport = options.transport;

    const connection = createConnection({
      driver,
      connectHeaders: () => ({ Authorization: `Bearer ${session.token}` }),
      tokenExpiresAt: () => session.expiresAt,
      refreshToken: () => session.refresh(),
      isOnline: () => navigator.onLine,
      onStatus: showStatus,
      onConnected: () => {
        if (session.myStatus !== 'online') connection.signal('/app/presence', { status: session.myStatus });
        list.refresh();
        documentPanel.refresh();
        sender.pump();
      },
      onError: notices.error,
      onRefused: () => session.signOut('Your sign-in has expired; please sign in again.'),
    });
    const sender = createSender({
      connection,
      outbox,
      onChange: () => view.renderPending(),
      onFailed: (clientMessageId, reason) => view.markFailed(clientMessageId, reason),
      onError: notices.error,
    });
    chat = { connection, outbox, sender };
    connection.subscribe('/user/queue/notifications', (body) => notices.notification(body));
    connection.subscribe('/user/queue/conversations', (body) => {
      const event = JSON.parse(body);
      if (event.type === 'document') documentPanel.announced(event);
      else if (event.type === 'read') list.read(event);
      else list.announced(event);
    });
    connection.subscribe('/user/queue/files', (body) => uploads.fileEvent(JSON.parse(body)));
    connection.start();
    await list.refresh();
    view.restore();
  }

  function disconnect() {
    if (chat) {
      chat.sender.stop();
      chat.connection.stop();
    }
    list.stopWatching();
    chat = null;
    view.close();
    documentPanel.hide();
    showStatus(Status.OFFLINE);
  }

  window.addEventListener('online', () => chat && chat.connection.wake());
  window.addEventListener('offline', () => chat && chat.connection.drop());

  session.resume();
}
