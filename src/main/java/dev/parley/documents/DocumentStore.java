package dev.parley.documents;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stored documents and their ops. {@link #submit} is the write path, the server's
 * authority over a document: under the document row's lock it answers a repeated
 * {@code clientOpId} with the op stored then, transforms a new op by every op committed
 * since the version it was made on (one at a time, as clients rebase), applies it, takes
 * the next version and stores the op in one transaction - so that several nodes accepting
 * ops for one document still make one gapless sequence.
 * <p>
 * The text is kept as a snapshot every {@code snapshotEvery} versions
 * ({@code document_snapshot}), not written again with each op: the text at the latest
 * version is the snapshot with the ops since it applied, and pruning never deletes those
 * ops.
 */
@Repository
class DocumentStore {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	/**
	 * The text of the documents this node edited last, at the version it made: an op on
	 * the next version needs neither the snapshot nor the ops since it. Checked against
	 * the version read under the document's lock, so a version another node made is never
	 * taken from here. Bounded by the characters held.
	 */
	private final Cache<UUID, Latest> latest = Caffeine.newBuilder()
		.maximumWeight(16_000_000)
		.weigher((UUID id, Latest text) -> 64 + text.text().length())
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	DocumentStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** A document at its latest version. */
	record Document(UUID id, UUID conversationId, String title, String createdBy, Instant createdAt, long version,
			String text) {
	}

	/** An op as applied: the version it made, transformed. */
	record StoredOp(long version, TextOp op, String author, @Nullable String clientOpId, Instant createdAt) {
	}

	/**
	 * What became of a submitted op: stored now at its version, or stored before under
	 * the same {@code clientOpId} ({@code repeated}), and not applied again.
	 *
	 * @param text the document's text after the op, when it was stored now (null when
	 * repeated)
	 */
	record Submitted(StoredOp op, boolean repeated, @Nullable String text) {
	}

	/** One op to apply, made on the document at {@code version}. */
	record Submission(UUID conversationId, UUID documentId, long version, TextOp op, String author,
			@Nullable String clientOpId, Instant now) {
	}

	@Transactional
	Document create(UUID conversationId, String title, String createdBy, Instant now) {
		Document document = new Document(UUID.randomUUID(), conversationId, title, createdBy, now, 0, "");
		this.jdbc.sql("""
				insert into document (id, conversation_id, title, created_by, created_at, version)
				values (?, ?, ?, ?, ?, 0)""")
			.params(document.id(), conversationId, title, createdBy, Timestamp.from(now))
			.update();
		this.jdbc.sql("insert into document_snapshot (document_id, version, text) values (?, 0, '')")
			.param(document.id())
			.update();
		return document;
	}

	/** A document without its text, for lists. */
	record Summary(UUID id, UUID conversationId, String title, String createdBy, Instant createdAt, long version) {
	}

	/** The conversation's documents, oldest first. */
	@Transactional(readOnly = true)
	List<Summary> list(UUID conversationId) {
		return this.jdbc.sql("""
				select id, conversation_id, title, created_by, created_at, version from document
				where conversation_id = ? order by created_at, id""")
			.param(conversationId)
			.query((rs, row) -> new Summary(rs.getObject("id", UUID.class), rs.getObject("conversation_id", UUID.class),
					rs.getString("title"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
					rs.getLong("version")))
			.list();
	}

	/** True if the document is the conversation's. */
	@Transactional(readOnly = true)
	boolean exists(UUID conversationId, UUID documentId) {
		return this.jdbc.sql("select count(*) from document where id = ? and conversation_id = ?")
			.params(documentId, conversationId)
			.query(Integer.class)
			.single() > 0;
	}

	/** How many documents the conversation holds. */
	@Transactional(readOnly = true)
	int count(UUID conversationId) {
		return this.jdbc.sql("select count(*) from document where conversation_id = ?")
			.param(conversationId)
			.query(Integer.class)
			.single();
	}

	/**
	 * The document if it belongs to the conversation, with its text at its latest
	 * version: the snapshot and the ops since it. The two are read by two statements, and
	 * ops may be committed (and the snapshot moved) between them: the version given is
	 * that of the last op applied, so text and version always agree.
	 */
	@Transactional(readOnly = true)
	@Nullable Document find(UUID conversationId, UUID documentId) {
		for (int attempt = 0;; attempt++) {
			Snapshot[] snapshot = new Snapshot[1];
			Document stored = this.jdbc.sql("""
					select d.*, s.version as snapshot_version, s.text from document d
					join document_snapshot s on s.document_id = d.id where d.id = ? and d.conversation_id = ?""")
				.params(documentId, conversationId)
				.query((rs, row) -> {
					snapshot[0] = new Snapshot(rs.getLong("snapshot_version"), rs.getString("text"));
					return document(rs, row);
				})
				.optional()
				.orElse(null);
			if (stored == null) {
				return null;
			}
			Latest cached = this.latest.getIfPresent(documentId);
			if (cached != null && cached.version() == stored.version()) {
				return new Document(stored.id(), stored.conversationId(), stored.title(), stored.createdBy(),
						stored.createdAt(), cached.version(), cached.text());
			}
			long version = snapshot[0].version();
			String text = snapshot[0].text();
			boolean contiguous = true;
			for (StoredOp op : opsAfter(documentId, version, Integer.MAX_VALUE)) {
				if (op.version() != version + 1) {
					// the snapshot moved on and the ops before it were pruned meanwhile
					contiguous = false;
					break;
				}
				text = op.op().apply(text);
				version = op.version();
			}
			if (contiguous) {
				return new Document(stored.id(), stored.conversationId(), stored.title(), stored.createdBy(),
						stored.createdAt(), version, text);
			}
			if (attempt == 2) {
				throw new ParleyException(ErrorCode.UNAVAILABLE, "the document changed while it was read; try again");
			}
		}
	}

	/**
	 * Ops with a version greater than {@code after}, ascending, at most {@code limit}.
	 */
	@Transactional(readOnly = true)
	List<StoredOp> opsAfter(UUID documentId, long after, int limit) {
		return this.jdbc.sql("select * from document_op where document_id = ? and version > ? order by version limit ?")
			.params(documentId, after, limit)
			.query((rs, row) -> storedOp(rs))
			.list();
	}

	/**
	 * Applies one op (see the class comment).
	 * @throws ParleyException NOT_FOUND for a document not in the conversation,
	 * VALIDATION for a version ahead of the document's or an op that does not fit the
	 * document (nothing is changed)
	 */
	@Transactional
	Submitted submit(Submission submission, int maxLength, int snapshotEvery) {
		long current = this.jdbc.sql("select version from document where id = ? and conversation_id = ? for update")
			.params(submission.documentId(), submission.conversationId())
			.query(Long.class)
			.optional()
			.orElseThrow(() -> noSuchDocument(submission.documentId()));
		if (submission.clientOpId() != null) {
			StoredOp earlier = this.jdbc
				.sql("select * from document_op where document_id = ? and author = ? and client_op_id = ?")
				.params(submission.documentId(), submission.author(), submission.clientOpId())
				.query((rs, row) -> storedOp(rs))
				.optional()
				.orElse(null);
			if (earlier != null) {
				return new Submitted(earlier, true, null);
			}
		}
		if (submission.version() < 0 || submission.version() > current) {
			throw new ParleyException(ErrorCode.VALIDATION,
					"version " + submission.version() + " is not one of this document's (0 to " + current + ")");
		}
		// the text at the current version: this node's copy when it made that version,
		// else the snapshot with the ops since it
		Latest cached = this.latest.getIfPresent(submission.documentId());
		Latest base = (cached != null && cached.version() == current) ? cached : null;
		long snapshotVersion;
		long from;
		if (base != null) {
			snapshotVersion = base.snapshotVersion();
			from = submission.version();
		}
		else {
			Snapshot snapshot = this.jdbc.sql("select version, text from document_snapshot where document_id = ?")
				.param(submission.documentId())
				.query((rs, row) -> new Snapshot(rs.getLong(1), rs.getString(2)))
				.single();
			snapshotVersion = snapshot.version();
			from = Math.min(submission.version(), snapshotVersion);
			base = new Latest(snapshotVersion, snapshot.text(), snapshotVersion);
		}
		List<StoredOp> since = (from == current) ? List.of()
				: opsAfter(submission.documentId(), from, Integer.MAX_VALUE);
		if (since.size() != current - from) {
			throw new ParleyException(ErrorCode.GONE, "the ops since version " + submission.version()
					+ " are no longer kept; reload the document and make the edit again");
		}
		TextOp op = submission.op();
		String before = base.text();
		for (StoredOp committed : since) {
			if (committed.version() > base.version()) {
				before = committed.op().apply(before);
			}
			if (committed.version() > submission.version()) {
				op = op.transform(committed.op(), TextOp.Side.LEFT);
			}
		}
		String text;
		try {
			text = op.apply(before);
		}
		catch (IllegalArgumentException ex) {
			throw new ParleyException(ErrorCode.VALIDATION, ex.getMessage());
		}
		int length = text.codePointCount(0, text.length());
		if (length > maxLength) {
			throw new ParleyException(ErrorCode.VALIDATION,
					"the document would have " + length + " characters; the limit is " + maxLength);
		}
		StoredOp stored = new StoredOp(current + 1, op, submission.author(), submission.clientOpId(), submission.now());
		this.jdbc.sql("update document set version = ? where id = ?")
			.params(stored.version(), submission.documentId())
			.update();
		if (stored.version() - snapshotVersion >= snapshotEvery) {
			this.jdbc.sql("update document_snapshot set version = ?, text = ? where document_id = ?")
				.params(stored.version(), text, submission.documentId())
				.update();
			snapshotVersion = stored.version();
		}
		this.jdbc.sql("""
				insert into document_op (document_id, version, op, author, client_op_id, created_at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(submission.documentId(), stored.version(), this.json.writeValueAsString(op.toJson()),
					stored.author(), stored.clientOpId(), Timestamp.from(stored.createdAt()))
			.update();
		Latest made = new Latest(stored.version(), text, snapshotVersion);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				DocumentStore.this.latest.put(submission.documentId(), made);
			}
		});
		return new Submitted(stored, false, text);
	}

	/** A document's text at a version. */
	private record Snapshot(long version, String text) {
	}

	/**
	 * A document's text at a version this node committed, and the version of its stored
	 * snapshot then.
	 */
	private record Latest(long version, String text, long snapshotVersion) {
	}

	static ParleyException noSuchDocument(UUID documentId) {
		return new ParleyException(ErrorCode.NOT_FOUND, "No document " + documentId + " in this conversation");
	}

	/**
	 * Deletes each document's ops up to its newest op created before the time: a prefix
	 * of its versions, so what is kept has no gap even if nodes' clocks disagreed about
	 * the order of ops, and never past the document's snapshot, whose later ops make its
	 * text. A document's text and version stay, so it loads as before, but a client with
	 * an older version must reload it.
	 * @return how many were deleted
	 */
	@Transactional
	int pruneBefore(Instant before) {
		return this.jdbc.sql("""
				delete from document_op o where o.version <= (select max(i.version) from document_op i
				where i.document_id = o.document_id and i.created_at < ?)
				and o.version <= (select s.version from document_snapshot s where s.document_id = o.document_id)""")
			.param(Timestamp.from(before))
			.update();
	}

	private StoredOp storedOp(ResultSet rs) throws SQLException {
		return new StoredOp(rs.getLong("version"), TextOp.fromJson(this.json.readValue(rs.getString("op"), List.class)),
				rs.getString("author"), rs.getString("client_op_id"), rs.getTimestamp("created_at").toInstant());
	}

	private static Document document(ResultSet rs, int row) throws SQLException {
		return new Document(rs.getObject("id", UUID.class), rs.getObject("conversation_id", UUID.class),
				rs.getString("title"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
				rs.getLong("version"), rs.getString("text"));
	}

}
