// Telling the user something: the error line under the messages (role="alert", 8 s) and toasts (8 s, dismissible).
import { $, el } from './dom.js';
import { describeError } from './parley-client/core.js';
import { notificationText } from './format.js';

const SHOWN_MS = 8000;

export function createNotices() {
  let errorTimer = null;

  /** An error report (put in words by errors.js) or a sentence. */
  function error(problem) {
    $('chat-error').textContent = typeof problem === 'string' ? problem : describeError(problem);
    clearTimeout(errorTimer);
    errorTimer = setTimeout(() => { $('chat-error').textContent = ''; }, SHOWN_MS);
  }

  function toast(title, text) {
    const item = el('div', 'toast');
    item.append(el('strong', null, title));
    if (text) item.append(el('p', null, text));
    const close = el('button', 'toast-close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', 'Dismiss notification');
    close.addEventListener('click', () => item.remove());
    item.append(close);
    $('toasts').append(item);
    setTimeout(() => item.remove(), SHOWN_MS);
  }

  return {
    error,
    toast,
    /** A frame of /user/queue/notifications. */
    notification(body) {
      const { title, text } = notificationText(body);
      toast(title, text);
    },
  };
}
