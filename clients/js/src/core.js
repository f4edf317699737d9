// @parley/client without a STOMP library of its own: createParleyClient here needs `Client` (from @stomp/stompjs 7)
// or a `driver` (modernDriver, legacyDriver or your own). Nothing here imports a bare specifier, so a page with no
// build step can load this file as it is (the sample page does: /js/parley-client/core.js).
export { createParleyClient, ParleyError, serverUrls, signIn, tokenClaims } from './client.js';
export { createConnection, legacyDriver, modernDriver, Status } from './connection.js';
export { backoffDelay } from './backoff.js';
export { createOutbox } from './outbox.js';
export { createSender } from './sender.js';
export { createRecovery } from './recovery.js';
export { createFeed } from './feed.js';
export { createThread, cut, QUOTE_LENGTH, REACTIONS } from './thread.js';
export { createReads } from './reads.js';
export { createReadMarker } from './read-marker.js';
export { createTypingSignal } from './typing.js';
export { describeChangeError, describeError, isRetryable, retryAfterMs } from './errors.js';
export { createDocSync, SyncState, textHash } from './doc-sync.js';
// the text type of shared documents (ot-text-unicode): ot.apply, ot.transform, ot.compose, ot.toUtf16, …
export * as ot from './ot-text.js';
export { diff } from './text-diff.js';
