// The connection's state in the top bar (role="status"): Connecting… / Connected / Reconnecting… / Offline, with the
// seconds to the next try or "no network", and "Reconnect now".
import { Status } from './parley-client/core.js';
import { $ } from './dom.js';

const TEXT = {
  [Status.CONNECTING]: 'Connecting…',
  [Status.CONNECTED]: 'Connected',
  [Status.RECONNECTING]: 'Reconnecting…',
  [Status.OFFLINE]: 'Offline',
};

/**
 * @param {object} options
 * @param {() => boolean} options.active whether there is a connection to wait for (signed in)
 * @param {() => void} options.onReconnectNow
 * @param {() => boolean} [options.isOnline]
 */
export function createStatusBar({ active, onReconnectNow, isOnline = () => navigator.onLine }) {
  $('reconnect-now').addEventListener('click', () => onReconnectNow());

  return {
    /** The connection's onStatus. */
    show(status, detail = {}) {
      $('status').textContent = TEXT[status];
      document.documentElement.dataset.connection = status;
      $('status-detail').textContent = status === Status.RECONNECTING && detail.retryInMs !== undefined
        ? `retrying in ${Math.max(1, Math.ceil(detail.retryInMs / 1000))} s`
        : status === Status.OFFLINE && active() && !isOnline() ? 'no network' : '';
      $('reconnect-now').hidden = !(status === Status.RECONNECTING || (status === Status.OFFLINE && active()));
    },
  };
}
