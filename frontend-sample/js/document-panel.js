// The documents of the open conversation: the list, "Create document", and one open document in a <textarea>. Typing
// becomes ops by diffing the text before and after each input event (text-diff.js); doc-sync.js keeps the text in
// step with the server. Remote edits replace the textarea's value with the caret and selection moved through the op,
// so they never move your caret; others' carets and selections are drawn in a mirror behind the textarea (text in
// transparent spans, so it wraps exactly as the textarea does) and named in a list under it. Every piece of text
// reaches the page through textContent.
import { $, el } from './dom.js';
import { createDocSync, diff, ot, Status, SyncState } from './parley-client/core.js';

const { codePointLength, toCodePoint, toUtf16, transformPosition } = ot;

const CURSOR_EVERY_MS = 150; // under the server's signal limit (20 per second, with typing)
const STATE_TEXT = {
  [SyncState.SAVED]: 'Saved',
  [SyncState.SAVING]: 'Saving…',
  [SyncState.OFFLINE]: 'Offline: edits are kept and sent when back',
};

/**
 * @param {object} options
 * @param {(method: string, path: string, body?: object) => Promise<any>} options.api
 * @param {() => object|null} options.connection the connection (connection.js) while signed in
 * @param {() => string} options.user who is signed in
 * @param {(error: string|object) => void} options.showError
 */
export function createDocumentPanel({ api, connection, user, showError }) {
  /** The conversation whose documents are listed. */
  let conversationId = null;
  /** @type {Map<string, object>} */
  let documents = new Map();
  /** The open document: {id, conversationId, sync, unsubscribe: [], cursors: Map<user, {anchor, head}>, ...} */
  let open = null;
  const textarea = $('document-text');

  const base = (id = conversationId) => `/api/conversations/${id}/documents`;

  // ---------- the list ----------

  function renderList() {
    const sorted = [...documents.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
    $('document-list').replaceChildren(...sorted.map((d) => {
      const item = el('li');
      const button = el('button', 'document-link', d.title);
      button.type = 'button';
      button.dataset.id = d.id;
      if (open && open.id === d.id) button.setAttribute('aria-current', 'true');
      button.addEventListener('click', () => openDocument(d.id));
      item.append(button);
      return item;
    }));
    $('no-documents').hidden = documents.size > 0;
  }

  async function refreshList() {
    const id = conversationId;
    try {
      const list = await api('GET', base(id));
      if (id !== conversationId) return;
      documents = new Map(list.map((d) => [d.id, d]));
      renderList();
    } catch (error) {
      if (id === conversationId) showError(`Could not load the documents: ${error.message}`);
    }
  }

  $('new-document').addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = conversationId;
    if (!id) return;
    try {
      const created = await api('POST', base(id), { title: $('new-document-title').value });
      event.target.reset();
      documents.set(created.id, created);
      renderList();
      openDocument(created.id);
    } catch (error) {
      showError(`Could not create the document: ${error.message}`);
    }
  });

  // ---------- the open document ----------

  function setState(state) {
    const text = STATE_TEXT[state];
    $('document-state').textContent = text;
    $('document-state').dataset.state = state;
  }

  /** The textarea's selection in code points. */
  function selection() {
    const value = textarea.value;
    const start = toCodePoint(value, textarea.selectionStart);
    const end = toCodePoint(value, textarea.selectionEnd);
    return textarea.selectionDirection === 'backward' ? { anchor: end, head: start } : { anchor: start, head: end };
  }

  /** The others' carets, moved through an op applied to the text. */
  function moveCursors(view, op) {
    view.cursors.forEach((c) => {
      c.anchor = transformPosition(c.anchor, op);
      c.head = transformPosition(c.head, op);
    });
  }

  /** The server changed the text: show it, with our caret and the others' carets moved through the op. */
  function showText(view, { text, op }) {
    if (!isOpen(view)) return;
    const { anchor, head } = selection();
    const focused = document.activeElement === textarea;
    const scroll = textarea.scrollTop;
    textarea.value = text;
    view.shown = text;
    if (op) {
      const a = toUtf16(text, transformPosition(anchor, op));
      const h = toUtf16(text, transformPosition(head, op));
      textarea.setSelectionRange(Math.min(a, h), Math.max(a, h), a > h ? 'backward' : 'forward');
      moveCursors(view, op);
    } else {
      textarea.setSelectionRange(0, 0);
    }
    if (focused) textarea.focus();
    textarea.scrollTop = scroll;
    renderCursors(view);
  }

  textarea.addEventListener('input', () => {
    const view = open;
    if (!view || !view.sync) return;
    const op = diff(view.shown, textarea.value, textarea.selectionEnd);
    view.shown = textarea.value;
    if (op.length) {
      moveCursors(view, op);
      view.sync.edit(op);
    }
    renderCursors(view);
    sendCursor(view);
  });
  ['select', 'keyup', 'mouseup', 'focus'].forEach((type) => textarea.addEventListener(type, () => open && sendCursor(open)));
  textarea.addEventListener('scroll', () => { $('document-carets').scrollTop = textarea.scrollTop; });

  /** Our caret to the others, at most every CURSOR_EVERY_MS (the last position always goes). */
  function sendCursor(view) {
    if (!isOpen(view) || !view.sync) return;
    const wait = view.cursorSentAt + CURSOR_EVERY_MS - Date.now();
    if (wait > 0) {
      if (!view.cursorTimer) view.cursorTimer = setTimeout(() => { view.cursorTimer = null; sendCursor(view); }, wait);
      return;
    }
    const live = connection();
    if (!live) return;
    view.cursorSentAt = Date.now();
    live.signal(`/app/conversation.${view.conversationId}.doc.${view.id}.cursor`,
      { version: view.sync.version, ...selection() });
  }

  /**
   * Someone's caret moved, arrived or left. Cursors are not stored: whoever sees a newcomer's caret sends their own
   * again, so the newcomer learns who was already there.
   */
  function cursorEvent(view, event) {
    if (event.user === user()) return;
    const known = view.cursors.has(event.user);
    if (event.anchor === null || event.anchor === undefined) {
      view.cursors.delete(event.user);
    } else {
      view.cursors.set(event.user, { anchor: event.anchor, head: event.head });
      if (!known) {
        sendCursor(view);
      }
    }
    renderCursors(view);
  }

  /** Others' carets and selections drawn behind the textarea, and listed under it. */
  function renderCursors(view) {
    if (!isOpen(view)) return;
    const text = textarea.value;
    const length = codePointLength(text);
    const marks = [];
    [...view.cursors.entries()].sort(([a], [b]) => a.localeCompare(b)).forEach(([name, c], i) => {
      const from = Math.min(length, Math.min(c.anchor, c.head));
      const to = Math.min(length, Math.max(c.anchor, c.head));
      marks.push({ name, at: Math.min(length, c.head), from, to, colour: i % 4 });
    });
    const mirror = $('document-carets');
    const nodes = [];
    const points = [...new Set(marks.flatMap((m) => [m.from, m.to, m.at]))].sort((a, b) => a - b);
    let last = 0;
    const selected = (from, to) => marks.find((m) => m.from <= from && to <= m.to && m.from < m.to);
    for (const point of [...points, length]) {
      if (point > last) {
        const span = el('span', null, text.slice(toUtf16(text, last), toUtf16(text, point)));
        const mark = selected(last, point);
        if (mark) span.className = `remote-selection colour-${mark.colour}`;
        nodes.push(span);
        last = point;
      }
      marks.filter((m) => m.at === point).forEach((m) => {
        const caret = el('span', `remote-caret colour-${m.colour}`);
        caret.dataset.user = m.name;
        caret.append(el('span', 'remote-caret-name', m.name));
        nodes.push(caret);
        m.at = -1;
      });
    }
    nodes.push(document.createTextNode('\n'));
    mirror.replaceChildren(...nodes);
    mirror.scrollTop = textarea.scrollTop;
    $('document-people').replaceChildren(...marks.map((m) => {
      const item = el('li', `colour-${m.colour}`);
      item.dataset.user = m.name;
      const line = text.slice(0, toUtf16(text, Math.min(m.from, m.to))).split('\n').length;
      item.append(el('span', 'person-name', m.name), el('span', 'person-where', `line ${line}`));
      return item;
    }));
  }

  const isOpen = (view) => view === open;

  async function openDocument(id) {
    if (open && open.id === id) return;
    closeDocument();
    const view = {
      id, conversationId, sync: null, unsubscribe: [], cursors: new Map(), shown: '', cursorSentAt: 0, cursorTimer: null,
    };
    open = view;
    renderList();
    $('document-editor').hidden = false;
    $('document-title').textContent = (documents.get(id) || {}).title || '';
    $('document-error').textContent = '';
    textarea.value = '';
    textarea.disabled = true;
    setState(SyncState.SAVING);
    let snapshot;
    try {
      snapshot = await api('GET', `${base(view.conversationId)}/${id}`);
    } catch (error) {
      if (isOpen(view)) {
        $('document-error').textContent = `Could not open the document: ${error.message}`;
        $('document-state').textContent = '';
      }
      return;
    }
    if (!isOpen(view)) return;
    $('document-title').textContent = snapshot.title;
    const docPath = `${base(view.conversationId)}/${id}`;
    view.sync = createDocSync({
      user,
      send: (body) => {
        const live = connection();
        return live ? live.send(`/app/conversation.${view.conversationId}.doc.${id}.op`, body)
          : Promise.reject({ code: 'DISCONNECTED' });
      },
      fetchOps: (after, limit) => api('GET', `${docPath}/ops?after=${after}&limit=${limit}`),
      fetchSnapshot: () => api('GET', docPath),
      onText: (change) => showText(view, change),
      onState: (state) => { if (isOpen(view)) setState(state); },
      onProblem: (message) => { if (isOpen(view)) $('document-error').textContent = message; },
    });
    view.sync.load(snapshot);
    textarea.value = snapshot.text;
    view.shown = snapshot.text;
    textarea.disabled = false;
    const live = connection();
    const topic = `/topic/conversation.${view.conversationId}.doc.${id}`;
    view.unsubscribe.push(live.subscribe(topic, (body) => view.sync.receive(JSON.parse(body)), {
      onReady: () => { if (isOpen(view)) view.sync.online(); },
      onRefused: (error) => { if (isOpen(view)) $('document-error').textContent = error.message; },
    }));
    // once listening, say where our caret is, so the others see who is here
    view.unsubscribe.push(live.subscribe(`${topic}.cursors`, (body) => cursorEvent(view, JSON.parse(body)), {
      onReady: () => {
        if (!isOpen(view)) return;
        sendCursor(view);
      },
    }));
    if (!live.connected) view.sync.offline();
    renderCursors(view);
  }

  function closeDocument() {
    const view = open;
    if (!view) return;
    open = null;
    clearTimeout(view.cursorTimer);
    const live = connection();
    if (view.sync) {
      view.sync.close();
      // the others drop our caret now rather than when we disconnect
      if (live) live.signal(`/app/conversation.${view.conversationId}.doc.${view.id}.cursor`, { version: view.sync.version });
    }
    view.unsubscribe.forEach((unsubscribe) => unsubscribe());
    $('document-editor').hidden = true;
    $('document-carets').replaceChildren();
    $('document-people').replaceChildren();
    textarea.value = '';
    renderList();
  }

  $('document-close').addEventListener('click', closeDocument);

  return {
    /** The conversation opened: list its documents. */
    show(id) {
      if (conversationId === id) return;
      closeDocument();
      conversationId = id;
      documents = new Map();
      renderList();
      $('documents-panel').hidden = false;
      refreshList();
    },
    hide() {
      closeDocument();
      conversationId = null;
      $('documents-panel').hidden = true;
    },
    /** Lists the documents anew (after every connect: some may have been created meanwhile). */
    refresh() {
      if (conversationId) refreshList();
    },
    /** A {"type":"document"} frame of /user/queue/conversations. */
    announced(document) {
      if (document.conversationId !== conversationId) return;
      documents.set(document.id, document);
      renderList();
    },
    /** The connection's status: offline edits are kept and shown as such. */
    connectionStatus(status) {
      if (open && open.sync && status !== Status.CONNECTED) open.sync.offline();
    },
    /** Unsent edits of the open document (ops in code points), for tests and the page's own checks. */
    get pending() { return open && open.sync ? open.sync.pending : []; },
  };
}
