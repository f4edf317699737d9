package dev.parley.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.parley.conversation.ConversationService;
import dev.parley.errors.ParleyException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stored messages. {@link #appendAll} is the write path: per message, lock the conversation row, answer a repeated
 * {@code clientMessageId} with the message already stored, otherwise take the next seq and insert; a batch of
 * messages shares one transaction ({@link MessageWriter}).
 */
@Repository
class MessageStore {

	private final JdbcClient jdbc;

	MessageStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The outcome of an append: the stored message, and whether it was stored just now. */
	record Appended(ChatMessage message, boolean stored) {
	}

	/** One message to store. */
	record Request(UUID conversationId, String sender, String senderType, String content,
			@Nullable String clientMessageId, Instant sentAt) {
	}

	/**
	 * Stores several messages in one transaction (one commit, one disk sync), in the order given. Each gets its own
	 * outcome: an {@link Appended}, or the {@link ParleyException} that refused it (an unknown conversation), which
	 * does not affect the others. A database failure fails them all.
	 */
	@Transactional
	List<Object> appendAll(List<Request> requests) {
		List<Object> outcomes = new java.util.ArrayList<>(requests.size());
		for (Request request : requests) {
			try {
				outcomes.add(appendOne(request));
			}
			catch (ParleyException ex) {
				outcomes.add(ex); // refused before it wrote anything: the transaction goes on for the others
			}
		}
		return outcomes;
	}

	private Appended appendOne(Request request) {
		UUID conversationId = request.conversationId();
		Long lastSeq = this.jdbc.sql("select last_seq from conversation where id = ? for update")
			.param(conversationId)
			.query(Long.class)
			.optional()
			.orElseThrow(() -> ConversationService.notFound(conversationId.toString()));
		if (request.clientMessageId() != null) {
			Optional<ChatMessage> earlier = this.jdbc.sql("""
					select * from message where conversation_id = ? and sender = ? and client_message_id = ?""")
				.params(conversationId, request.sender(), request.clientMessageId())
				.query(MessageStore::row)
				.optional();
			if (earlier.isPresent()) {
				return new Appended(earlier.get(), false);
			}
		}
		long seq = lastSeq + 1;
		ChatMessage message = new ChatMessage(ChatMessage.TYPE, UUID.randomUUID(), conversationId, seq,
				request.sender(), request.content(), request.sentAt(), request.clientMessageId(), request.senderType());
		this.jdbc.sql("update conversation set last_seq = ? where id = ?").params(seq, conversationId).update();
		this.jdbc.sql("""
				insert into message (conversation_id, seq, id, sender, sender_type, content, sent_at, client_message_id)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(conversationId, seq, message.id(), request.sender(), request.senderType(), request.content(),
					Timestamp.from(request.sentAt()), request.clientMessageId())
			.update();
		return new Appended(message, true);
	}

	/** Messages with seq greater than {@code after}, ascending, at most {@code limit}. */
	@Transactional(readOnly = true)
	List<ChatMessage> after(UUID conversationId, long after, int limit) {
		return this.jdbc.sql("select * from message where conversation_id = ? and seq > ? order by seq limit ?")
			.params(conversationId, after, limit)
			.query(MessageStore::row)
			.list();
	}

	/** The {@code limit} messages just before seq {@code before} (or the newest), ascending. */
	@Transactional(readOnly = true)
	List<ChatMessage> before(UUID conversationId, long before, int limit) {
		List<ChatMessage> newestFirst = this.jdbc
			.sql("select * from message where conversation_id = ? and seq < ? order by seq desc limit ?")
			.params(conversationId, before, limit)
			.query(MessageStore::row)
			.list();
		List<ChatMessage> ascending = new java.util.ArrayList<>(newestFirst);
		java.util.Collections.reverse(ascending);
		return ascending;
	}

	/** Delete messages sent before the given time; returns how many. */
	int deleteSentBefore(Instant cutoff) {
		return this.jdbc.sql("delete from message where sent_at < ?").param(Timestamp.from(cutoff)).update();
	}

	private static ChatMessage row(ResultSet rs, int rowNum) throws SQLException {
		return new ChatMessage(ChatMessage.TYPE, rs.getObject("id", UUID.class),
				rs.getObject("conversation_id", UUID.class), rs.getLong("seq"), rs.getString("sender"),
				rs.getString("content"), rs.getTimestamp("sent_at").toInstant(), rs.getString("client_message_id"),
				rs.getString("sender_type"));
	}

}
