/**
 * Shared documents in a conversation, edited together with server-authoritative
 * operational transformation on plain text: the text type ({@link TextOp}, the
 * ot-text-unicode format), the store that orders every edit ({@link DocumentStore}), the
 * write path ({@link DocumentEditor}), the HTTP and STOMP endpoints, cursors
 * ({@link DocumentCursors}) and pruning ({@link DocumentPruner}).
 */
@NullMarked
package dev.parley.documents;

import org.jspecify.annotations.NullMarked;
