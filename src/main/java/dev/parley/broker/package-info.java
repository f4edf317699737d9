/**
 * The STOMP endpoints and the broker behind them: {@code /ws} and {@code /sockjs}, the simple broker (embedded
 * default), transport limits, heartbeats, RECEIPT frames and connection-level ERROR frames.
 */
@NullMarked
package dev.parley.broker;

import org.jspecify.annotations.NullMarked;
