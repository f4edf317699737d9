// The conversation list in the sidebar, newest first, and the "New conversation" form. Conversations others add you
// to arrive on /user/queue/conversations (announced()) and are toasted, the ones you create yourself are not.
import { $, el } from './dom.js';
import { memberNames } from './format.js';

/**
 * @param {object} options
 * @param {(method: string, path: string, body?: object) => Promise<any>} options.api
 * @param {() => boolean} options.signedIn
 * @param {() => string|null} options.openId the conversation open on the right, marked aria-current
 * @param {(id: string) => void} options.onOpen a conversation was picked (or created)
 * @param {(error: string) => void} options.showError
 * @param {(title: string, text: string) => void} options.toast
 */
export function createConversationList({ api, signedIn, openId, onOpen, showError, toast }) {
  let conversations = new Map();
  let creating = 0; // our own new conversation is announced to us too: no toast for that one

  function render() {
    const sorted = [...conversations.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    $('conversations').replaceChildren(...sorted.map((c) => {
      const item = el('li');
      const button = el('button', 'conversation-link');
      button.type = 'button';
      button.append(el('span', 'conversation-name', c.title), el('span', 'conversation-members', c.members.join(', ')));
      if (openId() === c.id) button.setAttribute('aria-current', 'true');
      button.addEventListener('click', () => onOpen(c.id));
      item.append(button);
      return item;
    }));
    $('no-conversations').hidden = sorted.length > 0;
  }

  async function refresh() {
    try {
      const list = await api('GET', '/api/conversations');
      conversations = new Map(list.map((c) => [c.id, c]));
      render();
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
    render,
    /** A frame of /user/queue/conversations: a conversation you were added to (or created, or that changed). */
    announced(conversation) {
      const known = conversations.has(conversation.id);
      conversations.set(conversation.id, conversation);
      render();
      if (!known && !creating) toast('New conversation', `You were added to “${conversation.title}”`);
    },
    get: (id) => conversations.get(id),
  };
}
