package dev.parley.documents;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import dev.parley.documents.DocumentStore.Submission;
import dev.parley.documents.DocumentStore.Submitted;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.limits.UserRateLimit;
import dev.parley.stomp.Destinations;
import dev.parley.stomp.Required;

import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.stereotype.Service;

/**
 * The write path of a document: checks an op (its form, its size, the author's rate), has
 * {@link DocumentStore#submit} order and store it, then broadcasts it on the document's
 * topic - after the commit, so nobody sees an op that is not stored. A repeated
 * {@code clientOpId} is answered with the op stored then and not broadcast again (whoever
 * missed it finds it in the ops since their version).
 */
@Service
class DocumentEditor {

	static final int MAX_CLIENT_OP_ID = 100;

	private final DocumentStore store;

	private final DocumentsProperties properties;

	private final SimpMessageSendingOperations messaging;

	private final UserRateLimit rate;

	private final Clock clock;

	private final ReentrantLock[] locks = new ReentrantLock[256];

	DocumentEditor(DocumentStore store, DocumentsProperties properties, SimpMessageSendingOperations messaging,
			Clock clock) {
		this.store = store;
		this.properties = properties;
		this.messaging = messaging;
		this.clock = clock;
		this.rate = UserRateLimit.perSecond(properties.opsPerSecond(), "document edits");
		for (int i = 0; i < this.locks.length; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	/**
	 * Apply an op of a member or service (whose access the caller checked).
	 * @throws ParleyException VALIDATION for a bad op, version or id, RATE_LIMITED,
	 * NOT_FOUND for a document not in the conversation, GONE when the ops since the
	 * version are no longer kept
	 */
	Submitted submit(UUID conversationId, UUID documentId, String author, OpCommand command) {
		Submission submission = check(conversationId, documentId, author, command);
		this.rate.acquire(author);
		Submitted submitted;
		// one op of a document at a time on this node, commit included: the next finds
		// the text this one made in the store's copy, and waits here rather than on the
		// row lock with a database connection held (other nodes still wait on the row)
		ReentrantLock lock = this.locks[Math.floorMod(documentId.hashCode(), this.locks.length)];
		lock.lock();
		try {
			submitted = this.store.submit(submission, this.properties.maxLength(),
					Math.max(1, this.properties.snapshotEvery()));
		}
		finally {
			lock.unlock();
		}
		if (!submitted.repeated()) {
			long version = submitted.op().version();
			String text = submitted.text();
			String hash = (text != null && this.properties.hashEvery() > 0
					&& version % this.properties.hashEvery() == 0) ? TextHash.of(text) : null;
			this.messaging.convertAndSend(Destinations.documentTopic(conversationId, documentId),
					DocOpEvent.of(documentId, submitted.op(), hash));
		}
		return submitted;
	}

	private Submission check(UUID conversationId, UUID documentId, String author, OpCommand command) {
		if (command.version() == null || command.version() < 0) {
			throw new ParleyException(ErrorCode.VALIDATION, "version must be the document version the op is based on");
		}
		String clientOpId = command.clientOpId();
		if (clientOpId != null && (clientOpId.isEmpty() || clientOpId.length() > MAX_CLIENT_OP_ID
				|| clientOpId.chars().anyMatch(Character::isISOControl))) {
			throw new ParleyException(ErrorCode.VALIDATION,
					"clientOpId must be 1-" + MAX_CLIENT_OP_ID + " characters without control characters");
		}
		TextOp op;
		try {
			op = TextOp.fromJson(command.op());
		}
		catch (IllegalArgumentException ex) {
			throw new ParleyException(ErrorCode.VALIDATION, ex.getMessage());
		}
		if (op.size() > this.properties.maxOpSize()) {
			throw new ParleyException(ErrorCode.VALIDATION, "the op is too large (" + op.size()
					+ " components and inserted characters; the limit is " + this.properties.maxOpSize() + ")");
		}
		return new Submission(conversationId, documentId, command.version(), op, author, clientOpId,
				this.clock.instant());
	}

	/**
	 * An op as a client sends it: {@code {"version","op","clientOpId"}}.
	 *
	 * @param version the document version the op was made on
	 * @param op the op in ot-text-unicode's JSON form, as Jackson reads it
	 * @param clientOpId the author's id for the op, so that a resend is not applied twice
	 */
	record OpCommand(@Required @Nullable Long version, @Required @Nullable Object op, @Nullable String clientOpId) {
	}

}
