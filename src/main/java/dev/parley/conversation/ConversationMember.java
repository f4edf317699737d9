package dev.parley.conversation;

import java.util.UUID;

/**
 * A user found to be a member of a conversation: by
 * {@link ConversationService#requireMember}, or for a STOMP frame by the destination
 * policy, once per frame. Services that take one do not check membership again.
 *
 * @param conversationId the conversation
 * @param user the member's name
 */
public record ConversationMember(UUID conversationId, String user) {
}
