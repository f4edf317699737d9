package dev.parley.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sent to every member's {@code /user/queue/conversations} when a conversation they
 * belong to is created:
 * {@code {"type":"conversation","id","title","members","createdAt","createdBy"}}, so open
 * pages list it without polling.
 */
record ConversationEvent(String type, UUID id, String title, List<String> members, Instant createdAt,
		String createdBy) {

	static ConversationEvent created(ConversationView view) {
		return new ConversationEvent("conversation", view.id(), view.title(), view.members(), view.createdAt(),
				view.createdBy());
	}

}
