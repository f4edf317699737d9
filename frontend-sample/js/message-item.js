// One message of the open conversation, drawn into its list item from thread.js's view of it: the quote of a reply
// (a button that goes to the message it answers), sender and time, "edited", its text or the tombstone, its reactions
// (buttons, yours pressed), and its actions - Reply, React (a small picker), Edit and Delete for your own - shown on
// hover and on keyboard focus. Drawing again keeps keyboard focus where it was, and an open edit form as it is.
import { el } from './dom.js';
import { REACTIONS } from './parley-client/core.js';

const REACTION_NAMES = { '👍': 'thumbs up', '❤️': 'heart', '😂': 'laughing', '🎉': 'party', '😮': 'surprised', '😢': 'sad' };

function button(text, className, focusKey, onClick) {
  const node = el('button', className, text);
  node.type = 'button';
  node.dataset.focus = focusKey;
  node.addEventListener('click', onClick);
  return node;
}

function timeOf(iso) {
  const time = el('time', null, new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
  time.dateTime = iso;
  time.title = new Date(iso).toLocaleString();
  return time;
}

/** The quote above a reply: a button that goes to the message it answers. */
export function quoteButton(quote, onGo) {
  const node = button('', 'quote', 'quote', () => onGo(quote.id));
  node.append(el('span', 'visually-hidden', 'Reply to '));
  if (quote.deleted) {
    node.append(el('span', 'quote-text', 'a deleted message'));
  } else {
    if (quote.sender) node.append(el('span', 'quote-sender', quote.sender));
    node.append(el('span', 'quote-text', quote.content));
  }
  node.title = 'Show the message this answers';
  return node;
}

/** Whatever in the item has keyboard focus, to give it back after drawing again. */
function focusIn(item) {
  const active = item.ownerDocument.activeElement;
  if (!active || !item.contains(active) || !active.dataset.focus) return null;
  return {
    key: active.dataset.focus,
    selection: 'selectionStart' in active ? [active.selectionStart, active.selectionEnd] : null,
  };
}

function restoreFocus(item, focus) {
  if (!focus) return;
  const target = item.querySelector(`[data-focus="${CSS.escape(focus.key)}"]`);
  if (!target) return;
  target.focus({ preventScroll: true });
  if (focus.selection) target.setSelectionRange(...focus.selection);
}

/**
 * Draws a confirmed message into its item (new or shown).
 * @param {HTMLLIElement} item
 * @param {object} view thread.view(id)
 * @param {object} options
 * @param {HTMLFormElement|null} options.editor the open edit form of this message, kept as it is
 * @param {boolean} options.picking the reaction picker is open
 * @param {{go: Function, reply: Function, pick: Function, react: Function, edit: Function, remove: Function}} options.on
 */
export function drawMessage(item, view, { editor = null, picking = false, on }) {
  const focus = focusIn(item);
  const highlighted = item.classList.contains('highlight');
  item.className = 'message';
  item.classList.toggle('highlight', highlighted);
  item.classList.toggle('own', view.own);
  item.classList.toggle('service', view.senderType === 'service');
  item.classList.toggle('deleted', view.deleted);
  item.classList.toggle('editing', Boolean(editor));
  item.dataset.id = view.id;
  item.dataset.seq = view.seq;
  if (view.clientMessageId) item.dataset.clientId = view.clientMessageId;
  item.tabIndex = -1; // a quote's target takes focus

  if (view.deleted) {
    item.replaceChildren(el('p', 'body tombstone', 'Message deleted'));
    restoreFocus(item, focus);
    return item;
  }

  const parts = [];
  if (view.quote) parts.push(quoteButton(view.quote, on.go));
  const meta = el('div', 'meta');
  meta.append(el('span', 'sender', view.own ? `${view.sender} (you)` : view.sender));
  if (view.sentAt) meta.append(timeOf(view.sentAt));
  if (view.edited) meta.append(el('span', 'edited', 'edited'));
  if (view.state) meta.append(el('span', 'state', view.state));
  parts.push(meta);
  parts.push(editor || el('p', 'body', view.content));

  if (view.reactions.length) {
    const reactions = el('ul', 'reactions');
    reactions.setAttribute('aria-label', 'Reactions');
    view.reactions.forEach((r) => {
      const chip = button('', 'reaction', `reaction-${r.emoji}`, () => on.react(view.id, r.emoji));
      chip.append(el('span', 'reaction-emoji', r.emoji), el('span', 'reaction-count', String(r.count)));
      chip.dataset.emoji = r.emoji;
      chip.setAttribute('aria-pressed', String(r.mine));
      chip.setAttribute('aria-label', `${REACTION_NAMES[r.emoji] || r.emoji}: ${r.count}${r.mine ? ', yours' : ''}`);
      if (r.pending) chip.classList.add('pending');
      const entry = el('li');
      entry.append(chip);
      reactions.append(entry);
    });
    parts.push(reactions);
  }

  if (!editor) {
    const actions = el('div', 'actions');
    actions.setAttribute('role', 'group');
    actions.setAttribute('aria-label', 'Message actions');
    const pickerId = `picker-${view.id}`;
    const react = button('React', 'action', 'react', () => on.pick(view.id));
    react.setAttribute('aria-expanded', String(picking));
    react.setAttribute('aria-controls', pickerId);
    actions.append(button('Reply', 'action', 'reply', () => on.reply(view.id)), react);
    if (view.canEdit) actions.append(button('Edit', 'action', 'edit', () => on.edit(view.id)));
    if (view.canDelete) actions.append(button('Delete', 'action danger', 'delete', () => on.remove(view.id)));
    parts.push(actions);

    if (picking) {
      const picker = el('div', 'reaction-picker');
      picker.id = pickerId;
      picker.setAttribute('role', 'group');
      picker.setAttribute('aria-label', 'Pick a reaction');
      REACTIONS.forEach((emoji) => {
        const mine = view.reactions.some((r) => r.emoji === emoji && r.mine);
        const pick = button(emoji, 'pick', `pick-${emoji}`, () => on.react(view.id, emoji, true));
        pick.setAttribute('aria-label', REACTION_NAMES[emoji]);
        pick.setAttribute('aria-pressed', String(mine));
        picker.append(pick);
      });
      picker.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') on.pick(view.id);
      });
      parts.push(picker);
    }
  }

  item.replaceChildren(...parts);
  restoreFocus(item, focus);
  return item;
}

/** A message of yours still in the outbox, under the confirmed ones: "Sending…", "Waiting for connection…". */
export function drawPending(item, { sender, content, clientMessageId, quote }, label, on) {
  item.className = 'message own pending';
  item.dataset.clientId = clientMessageId;
  const parts = [];
  if (quote) parts.push(quoteButton(quote, on.go));
  const meta = el('div', 'meta');
  meta.append(el('span', 'sender', `${sender} (you)`), el('span', 'state', label));
  parts.push(meta, el('p', 'body', content));
  item.replaceChildren(...parts);
  return item;
}

/**
 * The form that edits a message in place: Enter saves, Shift+Enter adds a line, Escape cancels.
 * @param {string} id the message's id (names the text box)
 * @param {string} content its text now
 * @param {{save: (content: string) => void, cancel: () => void}} on
 */
export function editForm(id, content, on) {
  const form = el('form', 'edit-form');
  const label = el('label', 'visually-hidden', 'Edit message');
  const text = el('textarea');
  text.id = `edit-${id}`;
  label.htmlFor = text.id;
  text.value = content;
  text.maxLength = 10000;
  text.rows = Math.min(8, Math.max(2, content.split('\n').length));
  text.dataset.focus = 'editor';
  text.setAttribute('aria-describedby', `${text.id}-hint`);
  const hint = el('p', 'hint', 'Enter saves · Escape cancels');
  hint.id = `${text.id}-hint`;
  const row = el('div', 'row');
  const save = el('button', 'primary small', 'Save');
  save.type = 'submit';
  row.append(save, button('Cancel', 'secondary small', 'cancel-edit', () => on.cancel()));
  form.append(label, text, hint, row);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    on.save(text.value);
  });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      on.save(text.value);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      on.cancel();
    }
  });
  return form;
}
