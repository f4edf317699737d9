package dev.parley.conversation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Members' read positions ({@code conversation_member.read_seq}) and unread counts: the
 * messages of others after a member's position that are not deleted (edits, deletes and
 * reactions take seqs but are not counted).
 */
@Repository
class ReadPositions {

	private static final String UNREAD = """
			(select count(*) from message m where m.conversation_id = cm.conversation_id and m.seq > cm.read_seq
			and m.kind = 'message' and m.deleted_at is null and m.sender <> cm.username)""";

	private final JdbcClient jdbc;

	ReadPositions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The user's read state in each of the user's conversations. */
	Map<UUID, ReadState> of(String username) {
		Map<UUID, ReadState> states = new HashMap<>();
		this.jdbc.sql("select cm.conversation_id, cm.read_seq, c.last_seq, " + UNREAD + """
				 as unread from conversation_member cm join conversation c on c.id = cm.conversation_id
				where cm.username = ?""").param(username).query((RowCallbackHandler) rs -> {
			UUID id = rs.getObject(1, UUID.class);
			states.put(id, new ReadState(id, rs.getLong(2), rs.getLong(3), rs.getLong(4)));
		});
		return states;
	}

	/**
	 * Moves the member's position forward to {@code seq} (at most the conversation's last
	 * seq).
	 * @return the new state, or empty if the position was already there or further
	 */
	Optional<ReadState> advance(UUID conversationId, String username, long seq) {
		int moved = this.jdbc.sql("""
				update conversation_member
				set read_seq = least(?, (select last_seq from conversation where id = ?))
				where conversation_id = ? and username = ?
				and read_seq < least(?, (select last_seq from conversation where id = ?))""")
			.params(seq, conversationId, conversationId, username, seq, conversationId)
			.update();
		return (moved == 0) ? Optional.empty() : Optional.of(state(conversationId, username));
	}

	private ReadState state(UUID conversationId, String username) {
		return this.jdbc.sql("select cm.read_seq, c.last_seq, " + UNREAD + """
				 as unread from conversation_member cm join conversation c on c.id = cm.conversation_id
				where cm.conversation_id = ? and cm.username = ?""")
			.params(conversationId, username)
			.query((rs, row) -> new ReadState(conversationId, rs.getLong(1), rs.getLong(2), rs.getLong(3)))
			.single();
	}

	/** Every member's position, by name. */
	List<MemberRead> all(UUID conversationId) {
		return this.jdbc
			.sql("select username, read_seq from conversation_member where conversation_id = ? order by username")
			.param(conversationId)
			.query((rs, row) -> new MemberRead(rs.getString(1), rs.getLong(2)))
			.list();
	}

}
