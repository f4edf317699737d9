package dev.parley.documents;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.parley.conversation.ConversationMember;
import dev.parley.documents.DocumentCursors.Key;
import dev.parley.documents.DocumentCursors.Position;
import dev.parley.documents.DocumentEditor.OpCommand;
import dev.parley.documents.DocumentStore.Submitted;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.limits.LimitsProperties;
import dev.parley.limits.UserRateLimit;
import dev.parley.stomp.Accepted;
import dev.parley.stomp.ReceiptHeader;
import dev.parley.stomp.Required;

import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;

/**
 * {@code SEND /app/conversation.<id>.doc.<docId>.op {"version","op","clientOpId"}}: the
 * RECEIPT follows the commit and carries the op's assigned {@code version} (the stored
 * one for a repeated {@code clientOpId}); {@code SEND …doc.<docId>.cursor
 * {"version","anchor","head"}}. The destination policy has checked membership (or the
 * SERVICE role).
 */
@Controller
class DocumentMessageController {

	/** The RECEIPT header with the version an op was given. */
	static final String VERSION_HEADER = "version";

	private final DocumentEditor editor;

	private final DocumentCursors cursors;

	private final DocumentService documents;

	private final UserRateLimit cursorRate;

	DocumentMessageController(DocumentEditor editor, DocumentCursors cursors, DocumentService documents,
			LimitsProperties limits) {
		this.editor = editor;
		this.cursors = cursors;
		this.documents = documents;
		this.cursorRate = UserRateLimit.perSecond(limits.signalsPerSecond(), "cursor moves");
	}

	@MessageMapping("conversation.{id}.doc.{docId}.op")
	@ReceiptHeader(name = VERSION_HEADER,
			description = "The version the op was given; for a repeated clientOpId, the version it was given then.")
	Accepted op(ConversationMember member, @DestinationVariable UUID docId, @Payload OpCommand command) {
		Submitted submitted = this.editor.submit(member.conversationId(), docId, member.user(), command);
		return Accepted.withHeader(VERSION_HEADER, Long.toString(submitted.op().version()));
	}

	@MessageMapping("conversation.{id}.doc.{docId}.cursor")
	Accepted cursor(ConversationMember member, @DestinationVariable UUID docId, @Payload CursorCommand command,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		Position position = command.position();
		this.cursorRate.acquire(member.user());
		Key key = new Key(member.conversationId(), docId, member.user());
		if (position.anchor() != null && !this.cursors.holds(key, sessionId)) {
			// once per session and document, so that no cursor is kept for a document
			// that is not the conversation's
			this.documents.requireDocument(member.conversationId(), docId);
		}
		this.cursors.update(key, sessionId, position);
		return Accepted.FRAME;
	}

	/**
	 * A cursor as a client sends it; {@code anchor} and {@code head} null: the user left
	 * the document.
	 */
	record CursorCommand(@Required @Nullable Long version, @Nullable Integer anchor, @Nullable Integer head) {

		Position position() {
			if (this.version == null || this.version < 0) {
				throw new ParleyException(ErrorCode.VALIDATION, "version must be the document version of the cursor");
			}
			if ((this.anchor == null) != (this.head == null)) {
				throw new ParleyException(ErrorCode.VALIDATION, "give both anchor and head, or neither to leave");
			}
			if (this.anchor != null && (this.anchor < 0 || this.head < 0)) {
				throw new ParleyException(ErrorCode.VALIDATION, "anchor and head must be positions (0 or more)");
			}
			return new Position(this.version, this.anchor, this.head);
		}

	}

}
