package dev.parley.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.parley.conversation.ConversationService;
import dev.parley.errors.ParleyException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stored messages. {@link #appendAll} is the write path: lock the conversation rows,
 * answer a repeated {@code clientMessageId} with the message already stored, otherwise
 * take the next seq and insert; a batch of messages shares one transaction and its
 * statements ({@link MessageWriter}).
 */
@Repository
class MessageStore {

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	MessageStore(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	/**
	 * What became of one message of a batch: {@link Stored}, {@link Repeated} or
	 * {@link Refused}.
	 */
	sealed interface Outcome permits Appended, Refused {

	}

	/** A message to answer the sender with, stored just now or before. */
	sealed interface Appended extends Outcome permits Stored, Repeated {

		ChatMessage message();

		/** True if it was stored just now, and so is to be published. */
		boolean stored();

	}

	/** Stored just now, with the next seq of its conversation. */
	record Stored(ChatMessage message) implements Appended {

		@Override
		public boolean stored() {
			return true;
		}

	}

	/**
	 * A repeated {@code clientMessageId} of the sender in the conversation, answered with
	 * the message stored then.
	 */
	record Repeated(ChatMessage message) implements Appended {

		@Override
		public boolean stored() {
			return false;
		}

	}

	/**
	 * Refused without harm to the rest of the batch (NOT_FOUND for an unknown
	 * conversation).
	 */
	record Refused(ParleyException reason) implements Outcome {
	}

	/** One message to store. */
	record Request(UUID conversationId, String sender, String senderType, String content,
			@Nullable String clientMessageId, Instant sentAt) {
	}

	/**
	 * Stores several messages in one transaction (one commit, one disk sync), in the
	 * order given. Each gets its own {@link Outcome}, in the same position; a refusal
	 * does not affect the others. A database failure fails them all.
	 * <p>
	 * The statements are per batch, not per message: one locks every conversation of the
	 * batch, one looks up repeated {@code clientMessageId}s, one batch advances the
	 * counters and one batch inserts the messages.
	 */
	@Transactional
	List<Outcome> appendAll(List<Request> requests) {
		Map<UUID, Counter> counters = lockConversations(requests);
		Map<ClientKey, ChatMessage> earlier = storedWithClientIds(requests, counters.keySet());
		List<Outcome> outcomes = new ArrayList<>(requests.size());
		List<Object[]> inserts = new ArrayList<>(requests.size());
		for (Request request : requests) {
			Counter counter = counters.get(request.conversationId());
			if (counter == null) {
				// refused before it wrote anything: the transaction goes on for the
				// others
				outcomes.add(new Refused(ConversationService.notFound(request.conversationId().toString())));
				continue;
			}
			ClientKey key = ClientKey.of(request);
			ChatMessage repeated = (key != null) ? earlier.get(key) : null;
			if (repeated != null) {
				outcomes.add(new Repeated(repeated));
				continue;
			}
			long seq = ++counter.last;
			ChatMessage message = new ChatMessage(ChatMessage.TYPE, UUID.randomUUID(), request.conversationId(), seq,
					request.sender(), request.content(), request.sentAt(), request.clientMessageId(),
					request.senderType());
			inserts
				.add(new Object[] { request.conversationId(), seq, message.id(), request.sender(), request.senderType(),
						request.content(), Timestamp.from(request.sentAt()), request.clientMessageId() });
			if (key != null) {
				// the same id again in this batch is a repeat of this one
				earlier.put(key, message);
			}
			outcomes.add(new Stored(message));
		}
		if (!inserts.isEmpty()) {
			List<Object[]> advanced = new ArrayList<>();
			counters.forEach((conversationId, counter) -> {
				if (counter.last != counter.stored) {
					advanced.add(new Object[] { counter.last, conversationId });
				}
			});
			this.template.batchUpdate("update conversation set last_seq = ? where id = ?", advanced);
			this.template.batchUpdate(
					"""
							insert into message (conversation_id, seq, id, sender, sender_type, content, sent_at, client_message_id)
							values (?, ?, ?, ?, ?, ?, ?, ?)""",
					inserts);
		}
		return outcomes;
	}

	/**
	 * Locks the batch's conversations in one statement and returns their seq counters (a
	 * conversation that does not exist is missing). The rows are locked in the database's
	 * id order, the same for every node's writer, so two writers never wait for each
	 * other in a cycle.
	 */
	private Map<UUID, Counter> lockConversations(List<Request> requests) {
		Set<UUID> ids = new LinkedHashSet<>();
		requests.forEach(request -> ids.add(request.conversationId()));
		Map<UUID, Counter> counters = new HashMap<>();
		this.jdbc.sql("select id, last_seq from conversation where id in (:ids) order by id for update")
			.param("ids", ids)
			.query((RowCallbackHandler) rs -> counters.put(rs.getObject(1, UUID.class), new Counter(rs.getLong(2))));
		return counters;
	}

	/**
	 * Messages already stored with a {@code clientMessageId} that the batch repeats, in
	 * one query. It names each (conversation, sender, clientMessageId) as a row value,
	 * which H2 and PostgreSQL both look up in the unique index on those three columns; H2
	 * answers an {@code in} list of ids with only the first two, reading the sender's
	 * whole history (docs/performance.md).
	 */
	private Map<ClientKey, ChatMessage> storedWithClientIds(List<Request> requests, Set<UUID> existing) {
		Map<ClientKey, ChatMessage> found = new HashMap<>();
		Set<ClientKey> wanted = new LinkedHashSet<>();
		for (Request request : requests) {
			ClientKey key = ClientKey.of(request);
			if (key != null && existing.contains(request.conversationId())) {
				wanted.add(key);
			}
		}
		if (wanted.isEmpty()) {
			return found;
		}
		List<Object[]> rows = wanted.stream()
			.map(key -> new Object[] { key.conversationId(), key.sender(), key.clientMessageId() })
			.toList();
		this.jdbc.sql("select * from message where (conversation_id, sender, client_message_id) in (:keys)")
			.param("keys", rows)
			.query(MessageStore::row)
			.list()
			.forEach(message -> found
				.put(new ClientKey(message.conversationId(), message.sender(), message.clientMessageId()), message));
		return found;
	}

	/** A conversation's last seq as stored, and the last one this batch has assigned. */
	private static final class Counter {

		final long stored;

		long last;

		Counter(long stored) {
			this.stored = stored;
			this.last = stored;
		}

	}

	private record ClientKey(UUID conversationId, String sender, String clientMessageId) {

		static @Nullable ClientKey of(Request request) {
			return (request.clientMessageId() != null)
					? new ClientKey(request.conversationId(), request.sender(), request.clientMessageId()) : null;
		}

	}

	/**
	 * Inserts journaled messages that the database lacks (a killed process had not
	 * written them) and advances their conversations' last seq; messages of a
	 * conversation deleted since are dropped.
	 * @return how many were inserted
	 */
	@Transactional
	int restore(List<ChatMessage> messages) {
		int restored = 0;
		for (ChatMessage message : messages) {
			int conversations = this.jdbc.sql("update conversation set last_seq = greatest(last_seq, ?) where id = ?")
				.params(message.seq(), message.conversationId())
				.update();
			boolean present = this.jdbc.sql("select count(*) from message where conversation_id = ? and seq = ?")
				.params(message.conversationId(), message.seq())
				.query(Long.class)
				.single() > 0;
			if (conversations == 0 || present) {
				continue;
			}
			restored += this.jdbc
				.sql("""
						insert into message (conversation_id, seq, id, sender, sender_type, content, sent_at, client_message_id)
						values (?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(message.conversationId(), message.seq(), message.id(), message.sender(), message.senderType(),
						message.content(), Timestamp.from(message.sentAt()), message.clientMessageId())
				.update();
		}
		return restored;
	}

	/** The conversation's last seq; 0 if it has none or does not exist. */
	@Transactional(readOnly = true)
	long lastSeq(UUID conversationId) {
		return this.jdbc.sql("select last_seq from conversation where id = ?")
			.param(conversationId)
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	/** Messages with seq greater than {@code after}, ascending, at most {@code limit}. */
	@Transactional(readOnly = true)
	List<ChatMessage> after(UUID conversationId, long after, int limit) {
		return this.jdbc.sql("select * from message where conversation_id = ? and seq > ? order by seq limit ?")
			.params(conversationId, after, limit)
			.query(MessageStore::row)
			.list();
	}

	/**
	 * The {@code limit} messages just before seq {@code before} (or the newest),
	 * ascending.
	 */
	@Transactional(readOnly = true)
	List<ChatMessage> before(UUID conversationId, long before, int limit) {
		List<ChatMessage> newestFirst = this.jdbc
			.sql("select * from message where conversation_id = ? and seq < ? order by seq desc limit ?")
			.params(conversationId, before, limit)
			.query(MessageStore::row)
			.list();
		List<ChatMessage> ascending = new ArrayList<>(newestFirst);
		Collections.reverse(ascending);
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
