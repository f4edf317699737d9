// The conversation list in the sidebar, newest first, with how many messages of each you have not read, and the "New
// conversation" form. Conversations others add you to arrive on /user/queue/conversations (announced()) and are
// toasted, the ones you create yourself are not. The newest WATCHED conversations' topics are subscribed, so their
// unread counts go up as messages come (unread.js); reading, here or on another device, sets a count anew (read()).
import { $, el } from './dom.js';
import { memberNames } from './format.js';
import { createUnreadCounts } from './unread.js';

const WATCHED = 20; // conversations whose topics the list subscribes (the server allows 200 subscriptions a session)
const RECOUNT_MS = 300; // once the watched topics are (re)subscribed, the counts are fetched again after this quiet

/**
 * @param {object} options
 * @param {(method: string, path: string, body?: object) => Promise<any>} options.api
 * @param {() => boolean} options.signedIn
 * @param {() => string|null} options.openId the conversation open on the right, marked aria-current
 * @param {(id: string) => void} options.onOpen a conversation was picked (or created)
 * @param {(error: string) => void} options.showError
 * @param {(title: string, text: string) => void} options.toast
 * @param {() => string} options.user who is signed in (their own messages are never unread)
 * @param {() => object|null} options.connection the connection (connection.js) while signed in
 */
export function createConversationList({ api, signedIn, openId, onOpen, showError, toast, user, connection }) {
  let conversations = new Map();
  let creating = 0; // our own new conversation is announced to us too: no toast for that one
  const unread = createUnreadCounts({ me: user, openId });
  /** conversation id → unsubscribe, for the watched topics */
  const watched = new Map();
  let recountTimer = null;

  const newestFirst = () => [...conversations.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));

  function render() {
    const sorted = newestFirst();
    $('conversations').replaceChildren(...sorted.map((c) => {
      const item = el('li');
      const button = el('button', 'conversation-link');
      button.type = 'button';
      const top = el('span', 'conversation-top');
      top.append(el('span', 'conversation-name', c.title));
      const count = unread.count(c.id);
      if (count > 0) {
        const badge = el('span', 'unread-count', String(count));
        badge.title = `${count} unread`;
        top.append(badge, el('span', 'visually-hidden', count === 1 ? ' unread message' : ' unread messages'));
      }
      button.append(top, el('span', 'conversation-members', c.members.join(', ')));
      if (openId() === c.id) button.setAttribute('aria-current', 'true');
      button.addEventListener('click', () => onOpen(c.id));
      item.append(button);
      return item;
    }));
    $('no-conversations').hidden = sorted.length > 0;
  }

  /** Messages sent between the list's answer and a topic's subscription are counted by fetching the list again. */
  function recountSoon() {
    clearTimeout(recountTimer);
    recountTimer = setTimeout(refresh, RECOUNT_MS);
  }

  /**
   * Subscribes the newest conversations' topics (and lets go of the others) to count their messages as they come. The
   * open one is the conversation view's: a session subscribes a destination once, so the list lets go of it first.
   */
  function watch() {
    const live = connection();
    if (!live) return;
    const wanted = new Set(newestFirst().slice(0, WATCHED).map((c) => c.id));
    wanted.delete(openId());
    watched.forEach((unsubscribe, id) => {
      if (!wanted.has(id)) {
        unsubscribe();
        watched.delete(id);
      }
    });
    wanted.forEach((id) => {
      if (watched.has(id)) return;
      watched.set(id, live.subscribe(`/topic/conversation.${id}`, (body) => {
        if (unread.frame(id, JSON.parse(body))) render();
      }, { onReady: recountSoon }));
    });
  }

  async function refresh() {
    try {
      const list = await api('GET', '/api/conversations');
      conversations = new Map(list.map((c) => [c.id, c]));
      unread.reset(list);
      render();
      watch();
    } catch (error) {
      if (signedIn()) showError(error.message);
    }
  }

  function toggleForm(open = $('new-conversation').hidden) {
    $('new-conversation').hidden = !open;
    $('new-conversation-toggle').setAttribute('aria-expanded', String(open));
    if (open) $('new-title').focus();
  }

  $('new-conversation-toggle').addEventListener('click', () => toggleForm());
  $('new-conversation-cancel').addEventListener('click', () => toggleForm(false));

  $('new-conversation').addEventListener('submit', async (event) => {
    event.preventDefault();
    const members = memberNames($('new-members').value);
    creating += 1;
    try {
      const created = await api('POST', '/api/conversations', { title: $('new-title').value, members });
      conversations.set(created.id, created);
      event.target.reset();
      toggleForm(false);
      render();
      watch();
      onOpen(created.id);
    } catch (error) {
      showError(`Could not create the conversation: ${error.message}`);
    } finally {
      creating -= 1; // an announcement arriving later finds the conversation known
    }
  });

  return {
    /** Loads the list anew (after every connect). */
    refresh,
    /** Draws the list again, and watches the topics of all but the open conversation (call before the view subscribes). */
    render() {
      render();
      watch();
    },
    /** A frame of /user/queue/conversations: a conversation you were added to (or created, or that changed). */
    announced(conversation) {
      const known = conversations.has(conversation.id);
      conversations.set(conversation.id, conversation);
      render();
      watch();
      if (!known && !creating) toast('New conversation', `You were added to “${conversation.title}”`);
    },
    /** A `read` event of /user/queue/conversations: you read a conversation here or on another device. */
    read(event) {
      unread.read(event);
      render();
    },
    /** At sign-out: the watched topics go with the connection. */
    stopWatching() {
      clearTimeout(recountTimer);
      watched.forEach((unsubscribe) => unsubscribe());
      watched.clear();
      unread.clear();
    },
    get: (id) => conversations.get(id),
  };
}
