package dev.parley.messaging;

import java.util.List;
import java.util.UUID;

import dev.parley.broker.ConversationLog;

import org.springframework.stereotype.Component;

/** The message store, as bridge mode reads it to re-deliver what a node missed. */
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
		return this.store.after(conversationId, afterSeq, limit)
			.stream()
			.map(message -> new Entry(message.seq(), message))
			.toList();
	}

}
