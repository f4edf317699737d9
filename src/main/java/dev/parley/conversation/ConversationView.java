package dev.parley.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A conversation as clients see it:
 * {@code {"id","title","members","createdAt","createdBy","lastSeq","readSeq","unread"}},
 * members sorted by name. {@code lastSeq} is the conversation's last seq, {@code readSeq}
 * how far the caller has read and {@code unread} how many messages of others after that
 * are not deleted (all 0 when the conversation is created).
 */
public record ConversationView(UUID id, String title, List<String> members, Instant createdAt, String createdBy,
		long lastSeq, long readSeq, long unread) {

	ConversationView withReadState(ReadState state) {
		return new ConversationView(this.id, this.title, this.members, this.createdAt, this.createdBy, state.lastSeq(),
				state.readSeq(), state.unread());
	}

}
