// The open conversation: its messages (history and live frames merged by seq, feed.js, applied to thread.js: edits in
// place, tombstones, reactions, quotes), what is still in the outbox shown under them ("Sending…", "Waiting for
// connection…", "Not sent: …"), the composer (with the message you reply to), "Seen by" under the last message, who
// is typing, and every member's presence. Edits, deletes and reactions show at once and are taken back if the server
// refuses them or no RECEIPT comes. Opening subscribes to the conversation's topics; closing unsubscribes.
import { $, el } from './dom.js';
import { seenByText, typingText } from './format.js';
import { drawMessage, drawPending, editForm } from './message-item.js';
import {
  createFeed, createReadMarker, createReads, createThread, createTypingSignal, cut, describeChangeError,
} from './parley-client/core.js';

const TYPING_SHOWN_MS = 7000; // someone's "typing" fades if their "stopped" never comes
const RECEIPT_WAIT_MS = 10000; // an edit, delete or reaction not confirmed by then is taken back
const HIGHLIGHT_MS = 2000; // how long the message a quote led to stays highlighted
const EARLIER_PAGES_FOR_A_QUOTE = 20; // pages loaded at most to find the message a quote names

/**
 * @param {object} options
 * @param {(method: string, path: string) => Promise<any>} options.api
 * @param {() => object|null} options.connection the connection (connection.js) while signed in
 * @param {() => object|null} options.outbox the signed-in user's outbox (outbox.js)
 * @param {() => string} options.user who is signed in
 * @param {(id: string) => object|undefined} options.conversation a conversation of the list
 * @param {(conversationId: string, content: string, replyTo?: string) => void} options.send queue a message (sender.js)
 * @param {(id: string) => void} options.onOpened
 * @param {(error: string|object) => void} options.showError
 * @param {Storage} [options.storage=sessionStorage] remembers the open conversation across a reload
 */
export function createConversationView({
  api, connection, outbox, user, conversation, send, onOpened, showError, storage = sessionStorage,
}) {
  /**
   * The open conversation: {id, feed, thread, reads, marker, presence: Map<user, status>, typingUsers: Map<user,
   * timer>, unsubscribe, editing: {id, form}|null, picking: id|null, replyTo: id|null}
   */
  let current = null;
  const isOpen = (view) => view === current;
  const typing = createTypingSignal({
    signal: (id, on) => {
      const live = connection();
      return live ? live.signal(`/app/conversation.${id}.typing`, { typing: on }) : false;
    },
  });

  // ---------- messages ----------

  const list = () => $('messages');
  const byClientId = (clientMessageId) =>
    list().querySelector(`li[data-client-id="${CSS.escape(clientMessageId)}"]`);
  const byId = (id) => list().querySelector(`li[data-id="${CSS.escape(id)}"]`);
  const nearBottom = () => {
    const messages = list();
    return messages.scrollHeight - messages.scrollTop - messages.clientHeight < 80;
  };

  const handlers = {
    go: (id) => goTo(id),
    reply: (id) => startReply(id),
    pick: (id) => togglePicker(id),
    react: (id, emoji, fromPicker) => react(id, emoji, fromPicker),
    edit: (id) => startEdit(id),
    remove: (id) => remove(id),
  };

  function draw(view, id, item = byId(id)) {
    const shown = view.thread.view(id);
    if (!item || !shown) return item;
    return drawMessage(item, shown, {
      editor: view.editing && view.editing.id === id ? view.editing.form : null,
      picking: view.picking === id,
      on: handlers,
    });
  }

  function redraw(view, ids) {
    if (!isOpen(view)) return;
    ids.forEach((id) => draw(view, id));
    renderSeenBy(view);
    renderPending(); // a pending reply's quote may have changed
  }

  /** An entry in seq order (feed.js): a new message or tombstone line above the pending ones, or an update in place. */
  function renderEntry(view, entry) {
    const { added, changed } = view.thread.apply(entry);
    if (added) {
      const shown = view.thread.view(added);
      if (shown.clientMessageId && shown.own) {
        const mine = byClientId(shown.clientMessageId);
        if (mine) mine.remove(); // its pending copy
      }
      const bottom = nearBottom();
      list().insertBefore(draw(view, added, el('li')), list().querySelector('li.pending'));
      if (bottom || shown.own) list().scrollTop = list().scrollHeight;
    }
    redraw(view, changed);
    if (!added) renderSeenBy(view);
    markRead(view);
  }

  /** Messages in the outbox of the open conversation, shown under the confirmed ones. */
  function renderPending() {
    const box = outbox();
    if (!current || !box) return;
    const view = current;
    const live = connection();
    const label = live && live.connected ? 'Sending…' : 'Waiting for connection…';
    list().querySelectorAll('li.pending').forEach((item) => {
      if (!box.has(item.dataset.clientId)) item.remove();
    });
    box.pending(view.id).forEach((item) => {
      const existing = byClientId(item.clientMessageId);
      if (existing && !existing.classList.contains('pending')) return;
      const pending = {
        sender: user(), content: item.content, clientMessageId: item.clientMessageId, quote: pendingQuote(view, item.replyTo),
      };
      if (existing) drawPending(existing, pending, label, handlers);
      else list().append(drawPending(el('li'), pending, label, handlers));
    });
    if (box.pending(view.id).length) list().scrollTop = list().scrollHeight;
  }

  /** The quote above a reply still in the outbox: the message it answers as shown now. */
  function pendingQuote(view, replyTo) {
    if (!replyTo) return null;
    const parent = view.thread.view(replyTo);
    if (!parent) return { id: replyTo, content: 'an earlier message', deleted: false };
    return parent.deleted ? { id: replyTo, deleted: true }
      : { id: replyTo, sender: parent.sender, content: cut(parent.content), deleted: false };
  }

  function markFailed(clientMessageId, reason) {
    const item = byClientId(clientMessageId);
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

  /** The page before the oldest shown, drawn above it. Returns whether there was one. */
  async function loadEarlier(view) {
    const page = await view.feed.earlier();
    if (!isOpen(view)) return false;
    const first = list().firstChild;
    view.thread.earlier(page).forEach((id) => list().insertBefore(draw(view, id, el('li')), first));
    $('load-earlier').hidden = !view.feed.hasEarlier;
    renderSeenBy(view);
    return page.length > 0;
  }

  $('load-earlier').addEventListener('click', () => {
    if (current) loadEarlier(current).catch((error) => showError(`Could not load messages: ${error.message}`));
  });

  // ---------- a quote leads to the message it answers ----------

  async function goTo(id) {
    const view = current;
    if (!view) return;
    let item = byId(id);
    for (let pages = 0; !item && view.feed.hasEarlier && pages < EARLIER_PAGES_FOR_A_QUOTE; pages += 1) {
      try {
        if (!(await loadEarlier(view))) break;
      } catch (error) {
        showError(`Could not load messages: ${error.message}`);
        return;
      }
      if (!isOpen(view)) return;
      item = byId(id);
    }
    if (!item) {
      showError('That message is not in this conversation any more');
      return;
    }
    item.scrollIntoView({ block: 'center' });
    item.focus({ preventScroll: true });
    item.classList.remove('highlight');
    void item.offsetWidth; // starts the highlight again if it was still on
    item.classList.add('highlight');
    clearTimeout(item.highlightTimer);
    item.highlightTimer = setTimeout(() => item.classList.remove('highlight'), HIGHLIGHT_MS);
  }

  // ---------- your changes: shown at once, taken back if refused ----------

  function receiptOrTimeout(promise) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject({ code: 'TIMEOUT', message: 'no receipt' }), RECEIPT_WAIT_MS);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  /** Sends a change already drawn (token of thread.js); its receipt confirms it, a refusal takes it back. */
  async function change(view, token, action, body, what) {
    if (!token) return;
    const live = connection();
    try {
      const receipt = live ? await receiptOrTimeout(live.send(`/app/conversation.${view.id}.${action}`, body))
        : await Promise.reject({ code: 'DISCONNECTED', message: 'Not connected' });
      redraw(view, view.thread.confirmed(token, receipt && receipt.seq));
    } catch (error) {
      redraw(view, view.thread.refused(token));
      if (isOpen(view)) showError(describeChangeError(what, error));
    }
  }

  function focusAction(id, key) {
    const item = byId(id);
    const target = item && (item.querySelector(`[data-focus="${key}"]`) || item);
    if (target) target.focus({ preventScroll: true });
  }

  function togglePicker(id) {
    const view = current;
    if (!view) return;
    const was = view.picking;
    view.picking = was === id ? null : id;
    if (was && was !== id) draw(view, was);
    draw(view, id);
    if (view.picking === id) focusAction(id, `pick-${'👍'}`);
    else focusAction(id, 'react');
  }

  function react(id, emoji, fromPicker) {
    const view = current;
    if (!view) return;
    if (fromPicker) view.picking = null;
    const { token, on, changed } = view.thread.react(id, emoji);
    redraw(view, changed.length ? changed : [id]);
    if (fromPicker) focusAction(id, 'react');
    change(view, token, 'react', { messageId: id, emoji, on }, 'react');
  }

  function remove(id) {
    const view = current;
    if (!view) return;
    if (view.editing && view.editing.id === id) view.editing = null;
    const { token, changed } = view.thread.delete(id);
    redraw(view, changed);
    focusAction(id, 'none');
    change(view, token, 'delete', { messageId: id }, 'delete the message');
  }

  function startEdit(id) {
    const view = current;
    if (!view) return;
    const shown = view.thread.view(id);
    if (!shown || !shown.canEdit) return;
    if (view.editing) stopEdit(view);
    view.picking = null;
    view.editing = {
      id,
      form: editForm(id, shown.content, { save: (content) => saveEdit(view, id, content), cancel: () => stopEdit(view, true) }),
    };
    draw(view, id);
    const text = view.editing.form.querySelector('textarea');
    text.focus();
    text.setSelectionRange(text.value.length, text.value.length);
  }

  function stopEdit(view, refocus) {
    const { id } = view.editing || {};
    view.editing = null;
    if (!id || !isOpen(view)) return;
    draw(view, id);
    if (refocus) focusAction(id, 'edit');
  }

  function saveEdit(view, id, content) {
    const shown = view.thread.view(id);
    if (!shown || !content.trim() || content === shown.content) {
      stopEdit(view, true);
      return;
    }
    view.editing = null;
    const { token, changed } = view.thread.edit(id, content);
    redraw(view, changed.length ? changed : [id]);
    focusAction(id, 'edit');
    change(view, token, 'edit', { messageId: id, content, clientMessageId: crypto.randomUUID() }, 'edit the message');
  }

  // ---------- replying ----------

  function startReply(id) {
    const view = current;
    const shown = view && view.thread.view(id);
    if (!shown || shown.deleted) return;
    view.replyTo = id;
    $('replying-text').textContent = `Replying to ${shown.sender}: ${cut(shown.content, 80)}`;
    $('replying').hidden = false;
    $('message').focus();
  }

  function cancelReply() {
    if (current) current.replyTo = null;
    $('replying').hidden = true;
    $('replying-text').textContent = '';
  }

  $('reply-cancel').addEventListener('click', () => {
    cancelReply();
    $('message').focus();
  });

  // ---------- read state: marking what you have seen, and who has seen the last message ----------

  /** The newest message is on screen and the page is in front: tell the server (throttled, read-marker.js). */
  function markRead(view) {
    if (!isOpen(view) || !view.thread.lastSeq) return;
    if (document.visibilityState !== 'visible' || !document.hasFocus() || !nearBottom()) return;
    view.marker.mark(view.thread.lastSeq);
  }

  function renderSeenBy(view) {
    if (!isOpen(view)) return;
    $('seen-by').textContent = seenByText(view.reads.seenBy(view.thread.lastMessageSeq, user()));
  }

  async function loadReads(view) {
    try {
      const positions = await api('GET', `/api/conversations/${view.id}/reads`);
      positions.forEach((p) => view.reads.set(p.user, p.seq));
      renderSeenBy(view);
    } catch {
      // "Seen by" is a nicety: without the positions it shows what the live events say
    }
  }

  const markIfOpen = () => { if (current) markRead(current); };
  $('messages').addEventListener('scroll', markIfOpen, { passive: true });
  window.addEventListener('focus', markIfOpen);
  document.addEventListener('visibilitychange', markIfOpen);

  // ---------- composer ----------

  function sendMessage() {
    const input = $('message');
    const content = input.value;
    if (!content.trim() || !current) return;
    input.value = '';
    typing.stop();
    const replyTo = current.replyTo && current.thread.has(current.replyTo) ? current.replyTo : undefined;
    cancelReply();
    send(current.id, content, replyTo);
  }

  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    sendMessage();
  });

  $('message').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendMessage();
    } else if (event.key === 'Escape' && current && current.replyTo) {
      event.preventDefault();
      cancelReply();
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
    view.marker.stop();
    current = null;
    view.unsubscribe.forEach((unsubscribe) => unsubscribe());
    view.typingUsers.forEach((timer) => clearTimeout(timer));
    typing.stop();
    cancelReply();
    $('seen-by').textContent = '';
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
        deliver: (entry) => { if (isOpen(view)) renderEntry(view, entry); },
        onFirstPage: () => { $('load-earlier').hidden = !view.feed.hasEarlier; },
      }),
      thread: createThread({ me: user, creator: () => (conversation(id) || opened).createdBy }),
      reads: createReads(),
      marker: createReadMarker({
        send: (seq) => {
          const live = connection();
          return live ? live.send(`/app/conversation.${id}.read`, { seq })
            : Promise.reject({ code: 'DISCONNECTED', message: 'Not connected' });
        },
      }),
      presence: new Map(opened.members.map((m) => [m, 'offline'])),
      typingUsers: new Map(),
      unsubscribe: [],
      editing: null,
      picking: null,
      replyTo: null,
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
    // who has read how far: the positions once the topic is confirmed (again after every reconnect), then its events
    view.unsubscribe.push(live.subscribe(`${base}.read`, (body) => {
      const event = JSON.parse(body);
      if (view.reads.set(event.user, event.seq)) renderSeenBy(view);
    }, { onReady: () => loadReads(view) }));
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
