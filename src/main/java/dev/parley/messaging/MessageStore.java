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

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import dev.parley.broker.ConversationLog;
import dev.parley.conversation.ConversationService;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stored messages and the updates of them: each conversation's log. {@link #appendAll} is
 * the write path: lock the conversation rows, answer a repeated {@code clientMessageId}
 * with the entry already stored, otherwise take the next seq and insert; a batch shares
 * one transaction and, for plain messages, its statements ({@link MessageWriter}). An
 * edit, delete or reaction also changes its message's row (its current state) in the same
 * transaction.
 */
@Repository
class MessageStore {

	private static final String INSERT_MESSAGE = """
			insert into message (conversation_id, seq, id, sender, sender_type, content, sent_at, client_message_id)
			values (?, ?, ?, ?, ?, ?, ?, ?)""";

	private static final String INSERT_ENTRY = """
			insert into message (conversation_id, seq, id, sender, sender_type, content, sent_at, client_message_id,
			kind, target_id, target_seq, version, emoji, reaction_on, reaction_count)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	/** A log row, with the message it targets (its current state) as {@code t_*}. */
	private static final String SELECT_ENTRIES = """
			select m.*, t.id as t_id, t.sender as t_sender, t.content as t_content, t.version as t_version,
			t.edited_at as t_edited_at, t.deleted_at as t_deleted_at
			from message m left join message t on t.conversation_id = m.conversation_id and t.seq = m.target_seq
			""";

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();

	private final int maxEmojiPerMessage;

	MessageStore(JdbcClient jdbc, JdbcTemplate template, MessagesProperties properties) {
		this.jdbc = jdbc;
		this.template = template;
		this.maxEmojiPerMessage = properties.maxEmojiPerMessage();
	}

	/**
	 * What became of one request of a batch: {@link Stored}, {@link Repeated},
	 * {@link Unchanged} or {@link Refused}.
	 */
	sealed interface Outcome permits Appended, Refused {

	}

	/** Accepted: stored just now, or before, or needing no change. */
	sealed interface Appended extends Outcome permits Stored, Repeated, Unchanged {

		/** The entry to answer with, or null when nothing changed. */
		@Nullable LogEntry entry();

		/** True if it was stored just now, and so is to be published. */
		default boolean stored() {
			return false;
		}

		/** The message, for a request to store one. */
		default ChatMessage message() {
			LogEntry entry = entry();
			if (entry == null) {
				throw new IllegalStateException("No entry");
			}
			return entry.message();
		}

	}

	/** Stored just now, with the next seq of its conversation. */
	record Stored(LogEntry entry) implements Appended {

		@Override
		public boolean stored() {
			return true;
		}

	}

	/**
	 * A repeated {@code clientMessageId} of the sender in the conversation, answered with
	 * the entry stored then.
	 */
	record Repeated(LogEntry entry) implements Appended {

	}

	/**
	 * An update that would change nothing (a reaction already on, a message already
	 * deleted, an edit to the same text): accepted, nothing stored or published.
	 */
	record Unchanged() implements Appended {

		@Override
		public @Nullable LogEntry entry() {
			return null;
		}

	}

	/**
	 * Refused without harm to the rest of the batch (NOT_FOUND for an unknown
	 * conversation or message, FORBIDDEN for someone else's message, VALIDATION for one
	 * emoji too many).
	 */
	record Refused(ParleyException reason) implements Outcome {
	}

	/**
	 * One entry to store.
	 *
	 * @param kind a message, or an update of one
	 * @param target for an update the message it changes; for a message the one it
	 * replies to, if any
	 * @param content a message's or an edit's text
	 * @param emoji a reaction's emoji
	 * @param on whether a reaction is turned on
	 */
	record Request(LogEntry.Kind kind, UUID conversationId, String sender, String senderType, @Nullable String content,
			@Nullable String clientMessageId, Instant at, @Nullable UUID target, @Nullable String emoji, boolean on) {

		/** A plain message. */
		Request(UUID conversationId, String sender, String senderType, @Nullable String content,
				@Nullable String clientMessageId, Instant at) {
			this(LogEntry.Kind.MESSAGE, conversationId, sender, senderType, content, clientMessageId, at, null, null,
					false);
		}

		boolean plain() {
			return this.kind == LogEntry.Kind.MESSAGE && this.target == null;
		}

	}

	/**
	 * Stores several entries in one transaction (one commit, one disk sync), in the order
	 * given. Each gets its own {@link Outcome}, in the same position; a refusal does not
	 * affect the others. A database failure fails them all.
	 * <p>
	 * For plain messages the statements are per batch, not per message: one locks every
	 * conversation of the batch, one looks up repeated {@code clientMessageId}s, one
	 * batch advances the counters and one batch inserts the messages. Replies and updates
	 * add their own statements (they look up their message, and updates change it at
	 * once, so that a later update of the batch sees the change).
	 */
	@Transactional
	List<Outcome> appendAll(List<Request> requests) {
		Map<UUID, Counter> counters = lockConversations(requests);
		Map<ClientKey, LogEntry> earlier = storedWithClientIds(requests, counters.keySet());
		List<Outcome> outcomes = new ArrayList<>(requests.size());
		List<Object[]> messages = new ArrayList<>(requests.size());
		List<Object[]> entries = new ArrayList<>();
		for (Request request : requests) {
			Counter counter = counters.get(request.conversationId());
			if (counter == null) {
				// refused before it wrote anything: the transaction goes on for the
				// others
				outcomes.add(new Refused(ConversationService.notFound(request.conversationId().toString())));
				continue;
			}
			ClientKey key = ClientKey.of(request);
			LogEntry repeated = (key != null) ? earlier.get(key) : null;
			if (repeated != null) {
				outcomes.add((repeated.kind() == request.kind()) ? new Repeated(repeated)
						: new Refused(new ParleyException(ErrorCode.VALIDATION,
								"clientMessageId " + request.clientMessageId()
										+ " already names another kind of entry (" + repeated.kind().column()
										+ ") in this conversation")));
				continue;
			}
			Outcome outcome;
			if (request.plain()) {
				LogEntry message = LogEntry.message(request.conversationId(), ++counter.last, newId(), request.sender(),
						request.senderType(), request.content(), request.at(), request.clientMessageId());
				messages.add(new Object[] { message.conversationId(), message.seq(), message.id(), message.sender(),
						message.senderType(), message.content(), Timestamp.from(message.at()),
						message.clientMessageId() });
				outcome = new Stored(message);
			}
			else {
				outcome = update(request, counter);
				if (outcome instanceof Stored stored) {
					entries.add(row(stored.entry()));
				}
			}
			if (key != null && outcome instanceof Stored stored) {
				// the same id again in this batch is a repeat of this one
				earlier.put(key, stored.entry());
			}
			outcomes.add(outcome);
		}
		if (!messages.isEmpty() || !entries.isEmpty()) {
			List<Object[]> advanced = new ArrayList<>();
			counters.forEach((conversationId, counter) -> {
				if (counter.last != counter.stored) {
					advanced.add(new Object[] { counter.last, conversationId });
				}
			});
			this.template.batchUpdate("update conversation set last_seq = ? where id = ?", advanced);
			if (!messages.isEmpty()) {
				this.template.batchUpdate(INSERT_MESSAGE, messages);
			}
			if (!entries.isEmpty()) {
				this.template.batchUpdate(INSERT_ENTRY, entries);
			}
		}
		return outcomes;
	}

	/**
	 * A reply, edit, delete or reaction: checks its message and, for an update, changes
	 * the message's row; the entry itself is inserted with the batch.
	 */
	private Outcome update(Request request, Counter counter) {
		UUID conversationId = request.conversationId();
		Target target = (request.target() != null) ? target(conversationId, request.target()) : null;
		if (request.kind() == LogEntry.Kind.DELETE && target != null && target.deleted()) {
			// deleting twice: answered, nothing more to remove
			return new Unchanged();
		}
		if (request.target() != null && (target == null || target.deleted())) {
			return new Refused(new ParleyException(ErrorCode.NOT_FOUND,
					"No message " + request.target() + " in conversation " + conversationId));
		}
		if (request.kind() == LogEntry.Kind.MESSAGE) {
			ChatMessage.Quote quote = ChatMessage.Quote.of(target.sender(), target.content());
			return new Stored(new LogEntry(LogEntry.Kind.MESSAGE, conversationId, ++counter.last, newId(),
					request.sender(), request.senderType(), request.content(), request.at(), request.clientMessageId(),
					request.target(), target.seq(), 1, null, false, 0, quote));
		}
		return switch (request.kind()) {
			case EDIT -> edit(request, target, counter);
			case DELETE -> delete(request, target, counter);
			case REACTION -> react(request, target, counter);
			case MESSAGE -> throw new IllegalStateException("A message is not an update");
		};
	}

	private Outcome edit(Request request, Target target, Counter counter) {
		if (!target.sender().equals(request.sender())) {
			return new Refused(new ParleyException(ErrorCode.FORBIDDEN, "Only its sender can edit a message"));
		}
		if (target.content().equals(request.content())) {
			return new Unchanged();
		}
		int version = target.version() + 1;
		this.jdbc
			.sql("update message set content = ?, version = ?, edited_at = ? where conversation_id = ? and seq = ?")
			.params(request.content(), version, Timestamp.from(request.at()), request.conversationId(), target.seq())
			.update();
		return new Stored(entry(request, target, counter, version, 0));
	}

	private Outcome delete(Request request, Target target, Counter counter) {
		if (!target.sender().equals(request.sender()) && !request.sender().equals(creator(request.conversationId()))) {
			return new Refused(new ParleyException(ErrorCode.FORBIDDEN,
					"Only its sender or the conversation's creator can delete a message"));
		}
		// the text is removed, not hidden; so are its reactions
		this.jdbc.sql("update message set content = null, deleted_at = ? where conversation_id = ? and seq = ?")
			.params(Timestamp.from(request.at()), request.conversationId(), target.seq())
			.update();
		this.jdbc.sql("delete from message_reaction where conversation_id = ? and message_seq = ?")
			.params(request.conversationId(), target.seq())
			.update();
		return new Stored(entry(request, target, counter, 1, 0));
	}

	private Outcome react(Request request, Target target, Counter counter) {
		UUID conversationId = request.conversationId();
		List<String> emoji = this.jdbc
			.sql("select distinct emoji from message_reaction where conversation_id = ? and message_seq = ?")
			.params(conversationId, target.seq())
			.query(String.class)
			.list();
		boolean mine = this.jdbc.sql("""
				select count(*) from message_reaction
				where conversation_id = ? and message_seq = ? and emoji = ? and username = ?""")
			.params(conversationId, target.seq(), request.emoji(), request.sender())
			.query(Long.class)
			.single() > 0;
		if (mine == request.on()) {
			return new Unchanged();
		}
		if (request.on() && !emoji.contains(request.emoji()) && emoji.size() >= this.maxEmojiPerMessage) {
			return new Refused(new ParleyException(ErrorCode.VALIDATION,
					"A message has at most " + this.maxEmojiPerMessage + " different reactions"));
		}
		long seq = counter.last + 1;
		if (request.on()) {
			this.jdbc.sql("""
					insert into message_reaction (conversation_id, message_seq, emoji, username, seq)
					values (?, ?, ?, ?, ?)""")
				.params(conversationId, target.seq(), request.emoji(), request.sender(), seq)
				.update();
		}
		else {
			this.jdbc.sql("""
					delete from message_reaction
					where conversation_id = ? and message_seq = ? and emoji = ? and username = ?""")
				.params(conversationId, target.seq(), request.emoji(), request.sender())
				.update();
		}
		int count = this.jdbc
			.sql("select count(*) from message_reaction where conversation_id = ? and message_seq = ? and emoji = ?")
			.params(conversationId, target.seq(), request.emoji())
			.query(Integer.class)
			.single();
		return new Stored(entry(request, target, counter, 1, count));
	}

	/** The entry of an update of the target, with the conversation's next seq. */
	private LogEntry entry(Request request, Target target, Counter counter, int version, int count) {
		return new LogEntry(request.kind(), request.conversationId(), ++counter.last, newId(), request.sender(),
				request.senderType(), (request.kind() == LogEntry.Kind.EDIT) ? request.content() : null, request.at(),
				request.clientMessageId(), target.id(), target.seq(), version, request.emoji(), request.on(), count,
				null);
	}

	/**
	 * The row inserted for an entry other than a plain message. An edit's text is not
	 * kept in its row (the message's row holds the current text, and a delete removes
	 * it).
	 */
	private static Object[] row(LogEntry entry) {
		String content = (entry.kind() == LogEntry.Kind.MESSAGE) ? entry.content() : null;
		return new Object[] { entry.conversationId(), entry.seq(), entry.id(), entry.sender(), entry.senderType(),
				content, Timestamp.from(entry.at()), entry.clientMessageId(), entry.kind().column(), entry.targetId(),
				(entry.targetId() != null) ? entry.targetSeq() : null, entry.version(), entry.emoji(),
				(entry.kind() == LogEntry.Kind.REACTION) ? entry.on() : null,
				(entry.kind() == LogEntry.Kind.REACTION) ? entry.count() : null };
	}

	/** A message of the conversation, by id, as it is now; null if there is none. */
	private @Nullable Target target(UUID conversationId, UUID messageId) {
		return this.jdbc.sql("""
				select seq, id, sender, content, version, deleted_at from message
				where id = ? and conversation_id = ? and kind = 'message'""")
			.params(messageId, conversationId)
			.query((rs, rowNum) -> new Target(rs.getLong("seq"), rs.getObject("id", UUID.class), rs.getString("sender"),
					rs.getString("content"), rs.getInt("version"), rs.getTimestamp("deleted_at") != null))
			.optional()
			.orElse(null);
	}

	private @Nullable String creator(UUID conversationId) {
		return this.jdbc.sql("select created_by from conversation where id = ?")
			.param(conversationId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	/** Time-ordered (version 7), so the id index grows at its right edge. */
	private UUID newId() {
		return this.ids.generate();
	}

	private record Target(long seq, UUID id, String sender, String content, int version, boolean deleted) {
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
	private Map<ClientKey, LogEntry> storedWithClientIds(List<Request> requests, Set<UUID> existing) {
		Map<ClientKey, LogEntry> found = new HashMap<>();
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
			.query(MessageStore::storedEntry)
			.list()
			.forEach(entry -> found.put(new ClientKey(entry.conversationId(), entry.sender(), entry.clientMessageId()),
					entry));
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
	 * Inserts journaled entries that the database lacks (a killed process had not written
	 * them), in the order given (the journal's), with their changes to their messages,
	 * and advances their conversations' last seq; entries of a conversation deleted since
	 * are dropped. An entry already present had its changes committed with it.
	 * @return how many were inserted
	 */
	@Transactional
	int restore(List<LogEntry> journaled) {
		int restored = 0;
		for (LogEntry entry : journaled) {
			int conversations = this.jdbc.sql("update conversation set last_seq = greatest(last_seq, ?) where id = ?")
				.params(entry.seq(), entry.conversationId())
				.update();
			boolean present = this.jdbc.sql("select count(*) from message where conversation_id = ? and seq = ?")
				.params(entry.conversationId(), entry.seq())
				.query(Long.class)
				.single() > 0;
			if (conversations == 0 || present) {
				continue;
			}
			restored += this.jdbc.sql(INSERT_ENTRY).params(row(entry)).update();
			reapply(entry);
		}
		return restored;
	}

	/** Makes a restored update's change to its message again. */
	private void reapply(LogEntry entry) {
		UUID conversationId = entry.conversationId();
		switch (entry.kind()) {
			case EDIT -> this.jdbc.sql("""
					update message set content = ?, version = ?, edited_at = ?
					where conversation_id = ? and seq = ? and version < ? and deleted_at is null""")
				.params(entry.content(), entry.version(), Timestamp.from(entry.at()), conversationId, entry.targetSeq(),
						entry.version())
				.update();
			case DELETE -> {
				this.jdbc.sql("update message set content = null, deleted_at = ? where conversation_id = ? and seq = ?")
					.params(Timestamp.from(entry.at()), conversationId, entry.targetSeq())
					.update();
				this.jdbc.sql("delete from message_reaction where conversation_id = ? and message_seq = ?")
					.params(conversationId, entry.targetSeq())
					.update();
			}
			case REACTION -> {
				this.jdbc.sql("""
						delete from message_reaction
						where conversation_id = ? and message_seq = ? and emoji = ? and username = ?""")
					.params(conversationId, entry.targetSeq(), entry.emoji(), entry.sender())
					.update();
				if (entry.on()) {
					this.jdbc.sql("""
							insert into message_reaction (conversation_id, message_seq, emoji, username, seq)
							select ?, ?, ?, ?, ? from message
							where conversation_id = ? and seq = ? and deleted_at is null""")
						.params(conversationId, entry.targetSeq(), entry.emoji(), entry.sender(), entry.seq(),
								conversationId, entry.targetSeq())
						.update();
				}
			}
			case MESSAGE -> {
				// inserted: nothing else to do
			}
		}
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

	/**
	 * Entries with seq greater than {@code after}, ascending, at most {@code limit}, as
	 * history returns them ({@link #view}); with reaction counts for the viewer, if
	 * given.
	 */
	@Transactional(readOnly = true)
	List<ConversationLog.Entry> after(UUID conversationId, long after, int limit, @Nullable String viewer) {
		List<ConversationLog.Entry> entries = this.jdbc
			.sql(SELECT_ENTRIES + "where m.conversation_id = ? and m.seq > ? order by m.seq limit ?")
			.params(conversationId, after, limit)
			.query(MessageStore::view)
			.list();
		return withReactions(conversationId, entries, viewer);
	}

	/**
	 * The {@code limit} entries just before seq {@code before} (or the newest),
	 * ascending, as {@link #after} returns them.
	 */
	@Transactional(readOnly = true)
	List<ConversationLog.Entry> before(UUID conversationId, long before, int limit, @Nullable String viewer) {
		List<ConversationLog.Entry> newestFirst = this.jdbc
			.sql(SELECT_ENTRIES + "where m.conversation_id = ? and m.seq < ? order by m.seq desc limit ?")
			.params(conversationId, before, limit)
			.query(MessageStore::view)
			.list();
		List<ConversationLog.Entry> ascending = new ArrayList<>(newestFirst);
		Collections.reverse(ascending);
		return withReactions(conversationId, ascending, viewer);
	}

	/**
	 * Adds the reaction counts of the messages among the entries, and whether the viewer
	 * is among each; in the order each emoji was first used.
	 */
	private List<ConversationLog.Entry> withReactions(UUID conversationId, List<ConversationLog.Entry> entries,
			@Nullable String viewer) {
		if (viewer == null || entries.isEmpty()) {
			return entries;
		}
		Map<Long, List<ChatMessage.ReactionCount>> counts = new HashMap<>();
		this.jdbc.sql("""
				select message_seq, emoji, count(*) as reactions,
				sum(case when username = ? then 1 else 0 end) as mine, min(seq) as first_seq
				from message_reaction where conversation_id = ? and message_seq between ? and ?
				group by message_seq, emoji order by message_seq, first_seq""")
			.params(viewer, conversationId, entries.get(0).seq(), entries.get(entries.size() - 1).seq())
			.query((RowCallbackHandler) rs -> counts
				.computeIfAbsent(rs.getLong("message_seq"), seq -> new ArrayList<>())
				.add(new ChatMessage.ReactionCount(rs.getString("emoji"), rs.getInt("reactions"),
						rs.getInt("mine") > 0)));
		if (counts.isEmpty()) {
			return entries;
		}
		List<ConversationLog.Entry> with = new ArrayList<>(entries.size());
		for (ConversationLog.Entry entry : entries) {
			List<ChatMessage.ReactionCount> reactions = counts.get(entry.seq());
			if (reactions != null && entry.payload() instanceof ChatMessage m) {
				entry = new ConversationLog.Entry(entry.seq(),
						new ChatMessage(m.type(), m.id(), m.conversationId(), m.seq(), m.sender(), m.content(),
								m.sentAt(), m.clientMessageId(), m.senderType(), m.replyTo(), m.quote(), m.editedAt(),
								m.version(), List.copyOf(reactions)));
			}
			with.add(entry);
		}
		return with;
	}

	/** Delete messages sent before the given time; returns how many. */
	int deleteSentBefore(Instant cutoff) {
		return this.jdbc.sql("delete from message where sent_at < ?").param(Timestamp.from(cutoff)).update();
	}

	/**
	 * A log row as history returns it: a message with its current state (a tombstone once
	 * deleted), an edit with its message's current text (a tombstone once the message is
	 * deleted), a delete, a reaction.
	 */
	private static ConversationLog.Entry view(ResultSet rs, int rowNum) throws SQLException {
		LogEntry.Kind kind = LogEntry.Kind.of(rs.getString("kind"));
		UUID id = rs.getObject("id", UUID.class);
		UUID conversationId = rs.getObject("conversation_id", UUID.class);
		long seq = rs.getLong("seq");
		String sender = rs.getString("sender");
		Instant at = rs.getTimestamp("sent_at").toInstant();
		UUID targetId = rs.getObject("target_id", UUID.class);
		Object payload = switch (kind) {
			case MESSAGE -> {
				Timestamp deletedAt = rs.getTimestamp("deleted_at");
				if (deletedAt != null) {
					yield new MessageDeleted(MessageDeleted.TYPE, id, conversationId, seq, id, sender,
							deletedAt.toInstant());
				}
				String parentContent = rs.getString("t_content");
				ChatMessage.Quote quote = (parentContent != null)
						? ChatMessage.Quote.of(rs.getString("t_sender"), parentContent) : null;
				Timestamp editedAt = rs.getTimestamp("edited_at");
				int version = rs.getInt("version");
				yield new ChatMessage(ChatMessage.TYPE, id, conversationId, seq, sender, rs.getString("content"), at,
						rs.getString("client_message_id"), rs.getString("sender_type"), targetId, quote,
						(editedAt != null) ? editedAt.toInstant() : null, (version > 1) ? version : null, null);
			}
			case EDIT -> {
				Timestamp deletedAt = rs.getTimestamp("t_deleted_at");
				if (deletedAt != null) {
					yield new MessageDeleted(MessageDeleted.TYPE, id, conversationId, seq, targetId, sender,
							deletedAt.toInstant());
				}
				boolean present = rs.getObject("t_id") != null;
				Timestamp editedAt = rs.getTimestamp("t_edited_at");
				yield new MessageEdited(MessageEdited.TYPE, id, conversationId, seq, targetId, sender,
						present ? rs.getString("t_content") : null, (editedAt != null) ? editedAt.toInstant() : at,
						present ? rs.getInt("t_version") : rs.getInt("version"), rs.getString("client_message_id"));
			}
			case DELETE -> new MessageDeleted(MessageDeleted.TYPE, id, conversationId, seq, targetId, sender, at);
			case REACTION -> new Reaction(Reaction.TYPE, id, conversationId, seq, targetId, sender,
					rs.getString("emoji"), rs.getBoolean("reaction_on"), rs.getInt("reaction_count"));
		};
		return new ConversationLog.Entry(seq, payload);
	}

	/** A log row as stored (an edit without its text), to answer a repeat with. */
	private static LogEntry storedEntry(ResultSet rs, int rowNum) throws SQLException {
		long targetSeq = rs.getLong("target_seq");
		return new LogEntry(LogEntry.Kind.of(rs.getString("kind")), rs.getObject("conversation_id", UUID.class),
				rs.getLong("seq"), rs.getObject("id", UUID.class), rs.getString("sender"), rs.getString("sender_type"),
				rs.getString("content"), rs.getTimestamp("sent_at").toInstant(), rs.getString("client_message_id"),
				rs.getObject("target_id", UUID.class), targetSeq, rs.getInt("version"), rs.getString("emoji"),
				rs.getBoolean("reaction_on"), rs.getInt("reaction_count"), null);
	}

}
