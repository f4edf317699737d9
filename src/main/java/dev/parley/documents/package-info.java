/**
 * Shared documents in a conversation (issue 19), edited together with
 * server-authoritative operational transformation on plain text: so far the text type
 * ({@link TextOp}, the ot-text-unicode format) and the store that orders every edit
 * ({@link DocumentStore}); the STOMP and HTTP contract and the page follow.
 */
@NullMarked
package dev.parley.documents;

import org.jspecify.annotations.NullMarked;
