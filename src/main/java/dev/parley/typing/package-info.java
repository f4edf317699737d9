/**
 * Typing indicators: {@code /app/conversation.<id>.typing} in,
 * {@code /topic/conversation.<id>.typing} out, with repeats throttled and
 * {@code typing:false} sent by the server when a typer goes quiet or disconnects.
 */
@NullMarked
package dev.parley.typing;

import org.jspecify.annotations.NullMarked;
