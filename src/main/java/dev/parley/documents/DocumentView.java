package dev.parley.documents;

import java.time.Instant;
import java.util.UUID;

import dev.parley.documents.DocumentStore.Document;
import dev.parley.documents.DocumentStore.Summary;

/**
 * A document in a list, and the answer to creating one:
 * {@code {"id","conversationId","title","version","createdAt","createdBy"}}.
 */
record DocumentView(UUID id, UUID conversationId, String title, long version, Instant createdAt, String createdBy) {

	static DocumentView of(Document document) {
		return new DocumentView(document.id(), document.conversationId(), document.title(), document.version(),
				document.createdAt(), document.createdBy());
	}

	static DocumentView of(Summary summary) {
		return new DocumentView(summary.id(), summary.conversationId(), summary.title(), summary.version(),
				summary.createdAt(), summary.createdBy());
	}

}
