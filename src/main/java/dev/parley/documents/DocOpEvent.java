package dev.parley.documents;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.parley.documents.DocumentStore.StoredOp;
import dev.parley.stomp.Outbound;

/**
 * An op as the server applied it, broadcast on
 * {@code /topic/conversation.<id>.doc.<docId>} and listed by {@code GET …/ops}:
 * {@code {"type":"doc-op","documentId","version","op","author","clientOpId","hash"}};
 * {@code clientOpId} when the author gave one, {@code hash} ({@link TextHash}) of the
 * text after it on a broadcast every {@code parley.documents.hash-every} versions.
 */
@Outbound(value = "/topic/conversation.{id}.doc.{docId}", type = "doc-op",
		summary = "An op as the server applied it, with the document's next version")
record DocOpEvent(String type, UUID documentId, long version, List<Object> op, String author,
		@Nullable String clientOpId, @Nullable String hash) {

	static DocOpEvent of(UUID documentId, StoredOp op, @Nullable String hash) {
		return new DocOpEvent("doc-op", documentId, op.version(), op.op().toJson(), op.author(), op.clientOpId(), hash);
	}

}
