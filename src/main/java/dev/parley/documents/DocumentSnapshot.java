package dev.parley.documents;

import java.util.UUID;

import dev.parley.documents.DocumentStore.Document;

/**
 * A document's text at its latest version: {@code {"id","title","version","text"}}.
 */
record DocumentSnapshot(UUID id, String title, long version, String text) {

	static DocumentSnapshot of(Document document) {
		return new DocumentSnapshot(document.id(), document.title(), document.version(), document.text());
	}

}
