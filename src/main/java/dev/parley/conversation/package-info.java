/**
 * Conversations: who is in which one, created and listed over HTTP, and the membership
 * checks every other feature asks.
 */
@NullMarked
package dev.parley.conversation;

import org.jspecify.annotations.NullMarked;
