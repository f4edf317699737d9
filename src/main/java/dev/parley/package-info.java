/**
 * Parley: a real-time conversation server speaking STOMP over WebSocket. Each sub-package
 * is one feature.
 */
@NullMarked
package dev.parley;

import org.jspecify.annotations.NullMarked;
