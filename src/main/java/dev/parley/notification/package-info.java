/**
 * Notifications from backend services to a user's sessions, on whichever node they are
 * connected.
 */
@NullMarked
package dev.parley.notification;

import org.jspecify.annotations.NullMarked;
