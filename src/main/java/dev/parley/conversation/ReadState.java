package dev.parley.conversation;

import java.util.UUID;

import dev.parley.stomp.Destinations;
import dev.parley.stomp.Outbound;

/**
 * How far a member has read a conversation:
 * {@code {"type":"read","conversationId","readSeq","lastSeq","unread"}} as the member's
 * sessions get it on {@code /user/queue/conversations} when it changes.
 *
 * @param lastSeq the conversation's last seq
 * @param readSeq the member has read up to here
 * @param unread messages of others after {@code readSeq}, deleted ones not counted
 */
@Outbound(value = Destinations.USER_PREFIX + Destinations.CONVERSATIONS_QUEUE, type = ReadState.TYPE,
		summary = "The user's read state of a conversation, after one of the user's sessions marked it read")
public record ReadState(String type, UUID conversationId, long readSeq, long lastSeq, long unread) {

	static final String TYPE = "read";

	ReadState(UUID conversationId, long readSeq, long lastSeq, long unread) {
		this(TYPE, conversationId, readSeq, lastSeq, unread);
	}

}
