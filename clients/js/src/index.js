// @parley/client: a client for Parley chat servers on top of @stomp/stompjs 7 (its peer dependency).
// createParleyClient here uses @stomp/stompjs's Client unless you pass another `Client` or a `driver`.
import { Client } from '@stomp/stompjs';
import { createParleyClient as createWith } from './client.js';

export * from './core.js';

/**
 * A client for one user of one Parley server: connect with a token, join conversations, send, and listen.
 * @param {import('../types/core').ParleyClientOptions} options
 */
export function createParleyClient(options = {}) {
  return createWith({ Client, ...options });
}
