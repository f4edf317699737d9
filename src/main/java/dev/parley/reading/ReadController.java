package dev.parley.reading;

import org.jspecify.annotations.Nullable;

import dev.parley.conversation.ConversationMember;
import dev.parley.conversation.ConversationService;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.limits.UserRateLimit;
import dev.parley.stomp.Accepted;
import dev.parley.stomp.Required;

import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Controller;

/**
 * {@code SEND /app/conversation.<id>.read {"seq"}}: the member has read up to
 * {@code seq}. Stored before the RECEIPT; a lower seq than the stored one changes nothing
 * (positions only move forward), a higher one than the conversation's last is taken as
 * its last.
 */
@Controller
class ReadController {

	/**
	 * Read marks a user may send per second: a page marks read as messages arrive, so
	 * these do not count against sending.
	 */
	static final int READS_PER_SECOND = 10;

	private final ConversationService conversations;

	private final ReadBroadcasts broadcasts;

	private final UserRateLimit limit = UserRateLimit.perSecond(READS_PER_SECOND, "read marks");

	ReadController(ConversationService conversations, ReadBroadcasts broadcasts) {
		this.conversations = conversations;
		this.broadcasts = broadcasts;
	}

	@MessageMapping("conversation.{id}.read")
	Accepted read(ConversationMember member, @Payload MarkRead payload) {
		Long seq = payload.seq();
		if (seq == null || seq < 0) {
			throw new ParleyException(ErrorCode.VALIDATION, "seq is required: the seq read up to (0 or more)");
		}
		this.limit.acquire(member.user());
		this.conversations.markRead(member, seq).ifPresent(state -> this.broadcasts.changed(member, state));
		return Accepted.FRAME;
	}

	/** {@code {"seq"}} */
	record MarkRead(@Required @Nullable Long seq) {
	}

}
