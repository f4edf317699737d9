package dev.parley.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.parley.stomp.Destinations;
import dev.parley.stomp.Outbound;

/**
 * Sent to every member's {@code /user/queue/conversations} when a conversation they
 * belong to is created:
 * {@code {"type":"conversation","id","title","members","createdAt","createdBy"}}, so open
 * pages list it without polling.
 */
@Outbound(value = Destinations.USER_PREFIX + Destinations.CONVERSATIONS_QUEUE, type = "conversation",
		summary = "A conversation the user belongs to was created")
record ConversationEvent(String type, UUID id, String title, List<String> members, Instant createdAt,
		String createdBy) {

	static ConversationEvent created(ConversationView view) {
		return new ConversationEvent("conversation", view.id(), view.title(), view.members(), view.createdAt(),
				view.createdBy());
	}

}
