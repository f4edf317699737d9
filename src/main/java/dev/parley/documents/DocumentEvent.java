package dev.parley.documents;

import java.time.Instant;
import java.util.UUID;

/**
 * Sent to every member's {@code /user/queue/conversations} when a document is created in
 * their conversation:
 * {@code {"type":"document","id","conversationId","title","version","createdAt","createdBy"}}.
 */
record DocumentEvent(String type, UUID id, UUID conversationId, String title, long version, Instant createdAt,
		String createdBy) {

	static DocumentEvent created(DocumentView view) {
		return new DocumentEvent("document", view.id(), view.conversationId(), view.title(), view.version(),
				view.createdAt(), view.createdBy());
	}

}
