package dev.parley.messaging;

import org.jspecify.annotations.Nullable;

import dev.parley.stomp.Required;

/**
 * What a client sends: {@code {"content","clientMessageId"?,"replyTo"?}}, where
 * {@code replyTo} is the id of the message it replies to.
 */
record SendMessage(@Required @Nullable String content, @Nullable String clientMessageId, @Nullable String replyTo) {
}
