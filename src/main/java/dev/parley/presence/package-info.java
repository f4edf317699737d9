/**
 * Presence: online from a user's first session to their last, away on request, offline after a short grace; changes
 * go to {@code /topic/conversation.<id>.presence} of every conversation the user belongs to.
 */
@NullMarked
package dev.parley.presence;

import org.jspecify.annotations.NullMarked;
