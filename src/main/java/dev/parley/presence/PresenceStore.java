package dev.parley.presence;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Presence rows in the shared database. Each method that may change a user's status
 * returns whether this call made the change, so that exactly one node announces it,
 * however nodes race.
 */
@Repository
class PresenceStore {

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	PresenceStore(JdbcClient jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
	}

	/**
	 * Record that a user has sessions on this node (one row per node and user, however
	 * many tabs); true if the user was offline and is now online. One transaction (one
	 * durable commit). Creating the user's row can lose a race with another node
	 * (duplicate key); PostgreSQL then rolls back the whole transaction, so it is simply
	 * run again, and finds the row.
	 */
	boolean userArrived(String nodeId, String user, Instant now) {
		try {
			return Boolean.TRUE.equals(this.transaction.execute(status -> arrive(nodeId, user, now)));
		}
		catch (DuplicateKeyException ex) {
			return Boolean.TRUE.equals(this.transaction.execute(status -> arrive(nodeId, user, now)));
		}
	}

	private boolean arrive(String nodeId, String user, Instant now) {
		this.jdbc.sql("insert into presence_session (session_key, node_id, username, connected_at) values (?, ?, ?, ?)")
			.params(key(nodeId, user), nodeId, user, ts(now))
			.update();
		int changed = this.jdbc
			.sql("update presence_user set status = 'online', changed_at = ? where username = ? and status = 'offline'")
			.params(ts(now), user)
			.update();
		if (changed == 1) {
			return true;
		}
		// a first session ever: create the row unless it exists (online or away: nothing
		// to announce)
		return this.jdbc.sql("""
				insert into presence_user (username, status, changed_at, last_seen_at)
				select ?, 'online', ?, ? where not exists (select 1 from presence_user where username = ?)""")
			.params(user, ts(now), ts(now), user)
			.update() == 1;
	}

	/**
	 * The user's last session on this node ended (the caller has waited out the grace):
	 * remove this node's row and take the user offline if no node has a session of
	 * theirs. One transaction; true if this call took the user offline.
	 */
	boolean userLeft(String nodeId, String user, Instant now) {
		return Boolean.TRUE.equals(this.transaction.execute(status -> {
			this.jdbc.sql("delete from presence_session where session_key = ?").param(key(nodeId, user)).update();
			this.jdbc.sql("update presence_user set last_seen_at = ? where username = ?")
				.params(ts(now), user)
				.update();
			return goOfflineIfNoSessions(user, now, now);
		}));
	}

	/**
	 * True if this call took the user offline: no session left anywhere, and the last one
	 * ended before the given time (so an earlier session's grace cannot cut a later one's
	 * short).
	 */
	boolean goOfflineIfNoSessions(String user, Instant lastSeenBefore, Instant now) {
		return this.jdbc.sql("""
				update presence_user set status = 'offline', changed_at = ?
				where username = ? and status <> 'offline' and last_seen_at <= ?
				and not exists (select 1 from presence_session s where s.username = presence_user.username)""")
			.params(ts(now), user, ts(lastSeenBefore))
			.update() == 1;
	}

	/**
	 * The {@code session_key} of a node's row for a user: one row per node and user,
	 * however many sessions.
	 */
	private static String key(String nodeId, String user) {
		return nodeId + ":" + user;
	}

	/** True if this call changed the status of a user who is online or away. */
	boolean setStatus(String user, Status status, Instant now) {
		return this.jdbc.sql("""
				update presence_user set status = ?, changed_at = ?
				where username = ? and status in ('online', 'away') and status <> ?""")
			.params(status.wire(), ts(now), user, status.wire())
			.update() == 1;
	}

	Map<String, Status> statuses(Collection<String> users) {
		if (users.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("select username, status from presence_user where username in (:users)")
			.param("users", users)
			.query((rs, row) -> Map.entry(rs.getString(1), Status.fromWire(rs.getString(2))))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	void heartbeat(String nodeId, Instant now) {
		if (this.jdbc.sql("update presence_node set heartbeat_at = ? where node_id = ?")
			.params(ts(now), nodeId)
			.update() == 0) {
			this.jdbc.sql("insert into presence_node (node_id, heartbeat_at) values (?, ?)")
				.params(nodeId, ts(now))
				.update();
		}
	}

	List<String> staleNodes(Instant before) {
		return this.jdbc.sql("select node_id from presence_node where heartbeat_at < ?")
			.param(ts(before))
			.query(String.class)
			.list();
	}

	/**
	 * Take a dead node's sessions away, if this node is the one that claims it.
	 * @return the users who had sessions there (empty if another node claimed it first)
	 */
	@Transactional
	List<String> reapNode(String nodeId, Instant before, Instant now) {
		int claimed = this.jdbc.sql("delete from presence_node where node_id = ? and heartbeat_at < ?")
			.params(nodeId, ts(before))
			.update();
		if (claimed == 0) {
			return List.of();
		}
		List<String> users = this.jdbc.sql("select distinct username from presence_session where node_id = ?")
			.param(nodeId)
			.query(String.class)
			.list();
		this.jdbc.sql("delete from presence_session where node_id = ?").param(nodeId).update();
		for (String user : users) {
			this.jdbc.sql("update presence_user set last_seen_at = ? where username = ?")
				.params(ts(now), user)
				.update();
		}
		return users;
	}

	/**
	 * Users shown online or away without any session, whose last session ended before the
	 * given time.
	 */
	List<String> strays(Instant lastSeenBefore) {
		return this.jdbc.sql("""
				select username from presence_user u where status <> 'offline' and last_seen_at < ?
				and not exists (select 1 from presence_session s where s.username = u.username)""")
			.param(ts(lastSeenBefore))
			.query(String.class)
			.list();
	}

	/** Users with a session on any node: each once, however many nodes they are on. */
	int usersWithSessions() {
		return this.jdbc.sql("select count(distinct username) from presence_session").query(Integer.class).single();
	}

	/**
	 * A node shutting down cleanly removes its row (its sessions have ended one by one).
	 */
	@Transactional
	void leave(String nodeId) {
		this.jdbc.sql("delete from presence_session where node_id = ?").param(nodeId).update();
		this.jdbc.sql("delete from presence_node where node_id = ?").param(nodeId).update();
	}

	private static Timestamp ts(Instant instant) {
		return Timestamp.from(instant);
	}

}
