package dev.parley.documents;

import java.time.Instant;
import java.util.UUID;

import dev.parley.stomp.Destinations;
import dev.parley.stomp.Outbound;

/**
 * Sent to every member's {@code /user/queue/conversations} when a document is created in
 * their conversation:
 * {@code {"type":"document","id","conversationId","title","version","createdAt","createdBy"}}.
 */
@Outbound(value = Destinations.USER_PREFIX + Destinations.CONVERSATIONS_QUEUE, type = "document",
		summary = "A document was created in a conversation of the user's")
record DocumentEvent(String type, UUID id, UUID conversationId, String title, long version, Instant createdAt,
		String createdBy) {

	static DocumentEvent created(DocumentView view) {
		return new DocumentEvent("document", view.id(), view.conversationId(), view.title(), view.version(),
				view.createdAt(), view.createdBy());
	}

}
