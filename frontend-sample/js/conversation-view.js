// The open conversation: its messages (history and live frames merged by seq, feed.js), what is still in the outbox
// shown under them ("Sending…", "Waiting for connection…", "Not sent: …"), the composer, who is typing, and every
// member's presence. Opening subscribes to the conversation's topics; closing unsubscribes.
import { $, el } from './dom.js';
import { createFeed } from './feed.js';
import { typingText } from './format.js';
import { createTypingSignal } from './typing.js';

const TYPING_SHOWN_MS = 7000; // someone's "typing" fades if their "stopped" never comes

/**
 * @param {object} options
 * @param {(method: string, path: string) => Promise<any>} options.api
 * @param {() => object|null} options.connection the connection (connection.js) while signed in
 * @param {() => object|null} options.outbox the signed-in user's outbox (outbox.js)
 * @param {() => string} options.user who is signed in
 * @param {(id: string) => object|undefined} options.conversation a conversation of the list
 * @param {(conversationId: string, content: string) => void} options.send queue a message (sender.js)
 * @param {(id: string) => void} options.onOpened
 * @param {(error: string|object) => void} options.showError
 * @param {Storage} [options.storage=sessionStorage] remembers the open conversation across a reload
 */
export function createConversationView({
  api, connection, outbox, user, conversation, send, onOpened, showError, storage = sessionStorage,
}) {
  /** The open conversation: {id, feed, presence: Map<user, status>, typingUsers: Map<user, timer>, unsubscribe} */
  let current = null;
  const isOpen = (view) => view === current;
  const typing = createTypingSignal({
    signal: (id, on) => {
      const live = connection();
      return live ? live.signal(`/app/conversation.${id}.typing`, { typing: on }) : false;
    },
  });

  // ---------- messages ----------

  function messageItem(message, pending) {
    const item = el('li', 'message');
    const own = message.sender === user() || pending;
    if (own) item.classList.add('own');
    if (message.senderType === 'service') item.classList.add('service');
    if (message.seq) item.dataset.seq = message.seq;
    if (message.clientMessageId) item.dataset.clientId = message.clientMessageId;
    const meta = el('div', 'meta');
    meta.append(el('span', 'sender', own ? `${message.sender || user()} (you)` : message.sender));
    if (pending) {
      item.classList.add('pending');
      meta.append(el('span', 'state', pending));
    } else {
      const time = el('time', null, new Date(message.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
      time.dateTime = message.sentAt;
      time.title = new Date(message.sentAt).toLocaleString();
      meta.append(time);
    }
    item.append(meta, el('p', 'body', message.content));
    return item;
  }

  const byClientId = (list, clientMessageId) =>
    list.querySelector(`li[data-client-id="${CSS.escape(clientMessageId)}"]`);

  /** A confirmed message, in seq order (feed.js), above the pending ones; it replaces its own pending copy. */
  function renderMessage(message) {
    const list = $('messages');
    if (message.clientMessageId) {
      const mine = byClientId(list, message.clientMessageId);
      if (mine && message.sender === user()) mine.remove();
    }
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    list.insertBefore(messageItem(message), list.querySelector('li.pending'));
    if (nearBottom || message.sender === user()) list.scrollTop = list.scrollHeight;
  }

  /** Messages in the outbox of the open conversation, shown under the confirmed ones. */
  function renderPending() {
    const box = outbox();
    if (!current || !box) return;
    const list = $('messages');
    const live = connection();
    const label = live && live.connected ? 'Sending…' : 'Waiting for connection…';
    list.querySelectorAll('li.pending').forEach((item) => {
      if (!box.has(item.dataset.clientId)) item.remove();
    });
    box.pending(current.id).forEach((item) => {
      const existing = byClientId(list, item.clientMessageId);
      if (existing && !existing.classList.contains('pending')) return;
      if (existing) {
        existing.querySelector('.state').textContent = label;
        return;
      }
      list.append(messageItem({ sender: user(), content: item.content, clientMessageId: item.clientMessageId }, label));
    });
    list.scrollTop = list.scrollHeight;
  }

  function markFailed(clientMessageId, reason) {
    const item = byClientId($('messages'), clientMessageId);
    if (!item) return;
    item.classList.remove('pending');
    item.classList.add('failed');
    item.querySelector('.state').textContent = `Not sent: ${reason}`;
  }

  /** After every (re)subscription: load what was missed, then live frames continue in order. */
  async function catchUp(view) {
    try {
      await view.feed.catchUp();
    } catch (error) {
      if (isOpen(view)) showError(`Could not load messages: ${error.message}`);
    }
  }

  $('load-earlier').addEventListener('click', async () => {
    const view = current;
    if (!view) return;
    const earlier = await view.feed.earlier();
    if (!earlier.length) return;
    const first = $('messages').firstChild;
    earlier.forEach((m) => $('messages').insertBefore(messageItem(m), first));
    $('load-earlier').hidden = !view.feed.hasEarlier;
  });

  // ---------- composer ----------

  function sendMessage() {
    const input = $('message');
    const content = input.value;
    if (!content.trim() || !current) return;
    input.value = '';
    typing.stop();
    send(current.id, content);
  }

  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    sendMessage();
  });

  $('message').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendMessage();
    }
  });

  $('message').addEventListener('input', () => {
    if (!$('message').value.trim()) typing.stop();
    else if (current) typing.start(current.id);
  });

  // ---------- typing and presence of the others ----------

  function typingEvent(view, event) {
    if (event.user === user()) return;
    clearTimeout(view.typingUsers.get(event.user));
    if (event.typing) {
      view.typingUsers.set(event.user, setTimeout(() => {
        view.typingUsers.delete(event.user);
        renderTyping(view);
      }, TYPING_SHOWN_MS));
    } else {
      view.typingUsers.delete(event.user);
    }
    renderTyping(view);
  }

  function renderTyping(view) {
    if (!isOpen(view)) return;
    $('typing').textContent = typingText(view.typingUsers.keys());
  }

  function renderMembers() {
    if (!current) return;
    const members = [...current.presence.entries()].sort(([a], [b]) => a.localeCompare(b));
    $('members').replaceChildren(...members.map(([name, status]) => {
      const item = el('li', `member status-${status}`);
      item.dataset.user = name;
      item.append(el('span', 'dot'), el('span', 'member-name', name === user() ? `${name} (you)` : name),
        el('span', 'member-status', status));
      return item;
    }));
  }

  // ---------- open and close ----------

  function close() {
    const view = current;
    if (!view) return;
    view.feed.close();
    current = null;
    view.unsubscribe.forEach((unsubscribe) => unsubscribe());
    view.typingUsers.forEach((timer) => clearTimeout(timer));
    typing.stop();
  }

  function open(id) {
    if (current && current.id === id) return;
    close();
    const opened = conversation(id);
    if (!opened) return;
    storage.setItem(`parley.open.${user()}`, id);
    const view = {
      id,
      feed: createFeed({
        fetchPage: (query) => api('GET', `/api/conversations/${id}/messages?${new URLSearchParams(query)}`),
        deliver: renderMessage,
        onFirstPage: () => { $('load-earlier').hidden = !view.feed.hasEarlier; },
      }),
      presence: new Map(opened.members.map((m) => [m, 'offline'])),
      typingUsers: new Map(),
      unsubscribe: [],
    };
    current = view;
    $('conversation-title').textContent = opened.title;
    $('messages').replaceChildren();
    $('typing').textContent = '';
    $('load-earlier').hidden = true;
    $('message').disabled = false;
    $('send').disabled = false;
    $('attach').disabled = false;
    onOpened(id);
    renderMembers();
    renderPending();

    const live = connection();
    const base = `/topic/conversation.${id}`;
    view.unsubscribe.push(live.subscribe(base, (body) => view.feed.live(JSON.parse(body)),
      { onReady: () => catchUp(view), onRefused: (error) => showError(error) }));
    view.unsubscribe.push(live.subscribe(`${base}.typing`, (body) => typingEvent(view, JSON.parse(body))));
    const presence = (body) => {
      const event = JSON.parse(body);
      if (event.type === 'presence-snapshot') event.members.forEach((m) => view.presence.set(m.user, m.status));
      else view.presence.set(event.user, event.status);
      renderMembers();
    };
    // the topic has changes, and a fresh snapshot after a cluster node's repair
    view.unsubscribe.push(live.subscribe(`${base}.presence`, presence));
    // asked after the presence topic, so no change falls between the snapshot and the live events
    view.unsubscribe.push(live.subscribe(`/app/conversation.${id}.presence`, presence));
    $('message').focus();
  }

  return {
    open,
    close,
    get openId() { return current ? current.id : null; },
    /** Opens the conversation open before a reload, if it is in the list and nothing else was opened since. */
    restore() {
      const remembered = storage.getItem(`parley.open.${user()}`);
      if (remembered && conversation(remembered) && !current) open(remembered);
    },
    renderPending,
    markFailed,
  };
}
