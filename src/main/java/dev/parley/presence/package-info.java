/**
 * Presence, cluster-wide on the shared database: online from a user's first session on
 * any node to their last (tabs and nodes count as one), away on request, offline after a
 * short grace; changes go to {@code /topic/conversation.<id>.presence} of every
 * conversation the user belongs to.
 */
@NullMarked
package dev.parley.presence;

import org.jspecify.annotations.NullMarked;
