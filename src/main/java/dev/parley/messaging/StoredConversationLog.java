package dev.parley.messaging;

import java.util.List;
import java.util.UUID;

import dev.parley.broker.ConversationLog;

import org.springframework.stereotype.Component;

/**
 * The conversation log, as bridge mode reads it to re-deliver what a node missed.
 */
@Component
class StoredConversationLog implements ConversationLog {

	private final MessageStore store;

	StoredConversationLog(MessageStore store) {
		this.store = store;
	}

	@Override
	public long lastSeq(UUID conversationId) {
		return this.store.lastSeq(conversationId);
	}

	@Override
	public List<Entry> after(UUID conversationId, long afterSeq, int limit) {
		// without a viewer: the reactions of these messages are among the entries
		return this.store.after(conversationId, afterSeq, limit, null);
	}

}
