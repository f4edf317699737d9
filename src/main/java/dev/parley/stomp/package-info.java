/**
 * The STOMP vocabulary every feature shares: destination names and their parsing, RECEIPT
 * frames, the frame's user, and redaction of tokens from text that is logged or echoed.
 * No wiring lives here.
 */
@NullMarked
package dev.parley.stomp;

import org.jspecify.annotations.NullMarked;
