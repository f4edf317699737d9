// Type declarations of @parley/client: everything of @parley/client/core; createParleyClient here uses
// @stomp/stompjs's Client unless you pass another Client or a driver.
export * from './core.js';
