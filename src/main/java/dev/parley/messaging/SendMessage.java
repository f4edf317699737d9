package dev.parley.messaging;

import org.jspecify.annotations.Nullable;

/**
 * What a client sends: {@code {"content","clientMessageId"?}}.
 */
record SendMessage(@Nullable String content, @Nullable String clientMessageId) {
}
