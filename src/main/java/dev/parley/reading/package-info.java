/**
 * Read state: {@code SEND /app/conversation.<id>.read {"seq"}} stores how far a member
 * has read; the member's sessions learn the new unread count on
 * {@code /user/queue/conversations}, the other members the position on
 * {@code /topic/conversation.<id>.read} (at most once a second per member).
 */
@NullMarked
package dev.parley.reading;

import org.jspecify.annotations.NullMarked;
