package dev.parley.documents;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.parley.conversation.ConversationService;
import dev.parley.documents.DocumentStore.Document;
import dev.parley.documents.DocumentStore.StoredOp;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.stomp.Destinations;

import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.stereotype.Service;

/**
 * Creating, listing and reading a conversation's documents, for its members and for
 * SERVICE accounts; the write path of ops is {@link DocumentEditor}.
 */
@Service
class DocumentService {

	static final int MAX_TITLE = 200;

	private final DocumentStore store;

	private final ConversationService conversations;

	private final DocumentsProperties properties;

	private final Clock clock;

	private final SimpMessageSendingOperations messaging;

	DocumentService(DocumentStore store, ConversationService conversations, DocumentsProperties properties, Clock clock,
			SimpMessageSendingOperations messaging) {
		this.store = store;
		this.conversations = conversations;
		this.properties = properties;
		this.clock = clock;
		this.messaging = messaging;
	}

	/**
	 * @throws ParleyException NOT_FOUND for no such conversation, FORBIDDEN for a caller
	 * who is neither a member nor a service
	 */
	void requireAccess(UUID conversationId, Caller caller) {
		if (caller.service()) {
			this.conversations.requireExists(conversationId);
		}
		else {
			this.conversations.requireMember(conversationId, caller.name());
		}
	}

	DocumentView create(UUID conversationId, Caller caller, @Nullable String title) {
		requireAccess(conversationId, caller);
		String trimmed = (title != null) ? title.strip() : "";
		if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > MAX_TITLE) {
			throw new ParleyException(ErrorCode.VALIDATION, "title must be 1-" + MAX_TITLE + " characters");
		}
		// a race may pass one or two over the limit; it bounds abuse, not an exact count
		if (this.store.count(conversationId) >= this.properties.maxPerConversation()) {
			throw new ParleyException(ErrorCode.VALIDATION, "this conversation already holds "
					+ this.properties.maxPerConversation() + " documents, the limit");
		}
		DocumentView created = DocumentView
			.of(this.store.create(conversationId, trimmed, caller.name(), this.clock.instant()));
		// open pages list it without polling, as they learn of new conversations
		DocumentEvent event = DocumentEvent.created(created);
		this.conversations.members(conversationId)
			.ifPresent(members -> members.forEach(
					member -> this.messaging.convertAndSendToUser(member, Destinations.CONVERSATIONS_QUEUE, event)));
		return created;
	}

	List<DocumentView> list(UUID conversationId, Caller caller) {
		requireAccess(conversationId, caller);
		return this.store.list(conversationId).stream().map(DocumentView::of).toList();
	}

	Document get(UUID conversationId, UUID documentId, Caller caller) {
		requireAccess(conversationId, caller);
		Document document = this.store.find(conversationId, documentId);
		if (document == null) {
			throw DocumentStore.noSuchDocument(documentId);
		}
		return document;
	}

	/**
	 * For a caller whose access is checked already (a STOMP frame's member).
	 * @throws ParleyException NOT_FOUND unless the document is the conversation's
	 */
	void requireDocument(UUID conversationId, UUID documentId) {
		if (!this.store.exists(conversationId, documentId)) {
			throw DocumentStore.noSuchDocument(documentId);
		}
	}

	/**
	 * The ops after a version, or {@link Ops#gone()} with the document when some of them
	 * are no longer kept.
	 */
	Ops opsAfter(UUID conversationId, UUID documentId, long after, int limit, Caller caller) {
		Document document = get(conversationId, documentId, caller);
		if (after < 0 || after > document.version()) {
			throw new ParleyException(ErrorCode.VALIDATION,
					"after must be a version of this document (0 to " + document.version() + ")");
		}
		List<StoredOp> ops = this.store.opsAfter(documentId, after, limit);
		boolean complete = (after == document.version()) || (!ops.isEmpty() && ops.get(0).version() == after + 1);
		return new Ops(document, complete ? ops : null);
	}

	/**
	 * @param document the document as it is now
	 * @param ops the ops asked for, or null when they are no longer kept
	 */
	record Ops(Document document, @Nullable List<StoredOp> ops) {

		boolean gone() {
			return this.ops == null;
		}

	}

	/** Who is asking: a user, or a backend service. */
	record Caller(String name, boolean service) {
	}

}
