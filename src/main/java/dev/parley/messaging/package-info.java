/**
 * Chat messages: accepted over STOMP ({@code /app/conversation.<id>.send}) and HTTP,
 * validated, rate-limited and published to {@code /topic/conversation.<id>} through one
 * public service that backend code uses too.
 */
@NullMarked
package dev.parley.messaging;

import org.jspecify.annotations.NullMarked;
