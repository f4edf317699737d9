package dev.parley.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import java.util.UUID;

/**
 * A micro-benchmark behind one row of docs/performance.md: how the message writer looks
 * up repeated {@code clientMessageId}s in H2 (the embedded default), one query per sender
 * with {@code client_message_id in (...)} against one query naming every (conversation,
 * sender, clientMessageId) as a row value. One conversation, 10 senders with
 * {@code history} messages each, a batch asking for {@code ids} new ids per sender;
 * medians of 300 lookups, three rounds (the last is printed warm).
 * <p>
 * Run:
 * {@code java -cp "$(cat cp.txt):target/test-classes" dev.parley.bench.ClientIdLookup 10000 2}
 * (history, ids per sender), with {@code cp.txt} from
 * {@code ./mvnw dependency:build-classpath -Dmdep.outputFile=cp.txt
 * -Dmdep.includeScope=test}.
 */
public final class ClientIdLookup {

	private static final int SENDERS = 10;

	private ClientIdLookup() {
	}

	public static void main(String[] args) throws SQLException {
		int history = Integer.parseInt(args[0]);
		int ids = Integer.parseInt(args[1]);
		try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:lookup")) {
			UUID conversation = UUID.randomUUID();
			fill(connection, conversation, history);
			String perSender = "select * from message where conversation_id = ? and sender = ? and client_message_id in ("
					+ String.join(", ", Collections.nCopies(ids, "?")) + ")";
			String rowValues = "select * from message where (conversation_id, sender, client_message_id) in ("
					+ String.join(", ", Collections.nCopies(SENDERS * ids, "(?, ?, ?)")) + ")";
			for (int round = 1; round <= 3; round++) {
				long[] before = new long[300];
				long[] after = new long[300];
				for (int i = 0; i < before.length; i++) {
					long start = System.nanoTime();
					try (PreparedStatement query = connection.prepareStatement(perSender)) {
						for (int sender = 0; sender < SENDERS; sender++) {
							query.setObject(1, conversation);
							query.setString(2, "user" + sender);
							for (int id = 0; id < ids; id++) {
								query.setString(3 + id, UUID.randomUUID().toString());
							}
							drain(query);
						}
					}
					long middle = System.nanoTime();
					try (PreparedStatement query = connection.prepareStatement(rowValues)) {
						int parameter = 1;
						for (int sender = 0; sender < SENDERS; sender++) {
							for (int id = 0; id < ids; id++) {
								query.setObject(parameter++, conversation);
								query.setString(parameter++, "user" + sender);
								query.setString(parameter++, UUID.randomUUID().toString());
							}
						}
						drain(query);
					}
					before[i] = middle - start;
					after[i] = System.nanoTime() - middle;
				}
				Arrays.sort(before);
				Arrays.sort(after);
				System.out.printf(
						"history %d, %d ids per sender, round %d: per sender %.0f us, row values %.0f us (median)%n",
						history, ids, round, before[150] / 1e3, after[150] / 1e3);
			}
		}
	}

	private static void fill(Connection connection, UUID conversation, int history) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			// the columns and the index MessageStore uses (V3__messages.sql)
			statement.execute("create table message (conversation_id uuid not null, seq bigint not null, "
					+ "sender varchar(64) not null, client_message_id varchar(100), primary key (conversation_id, seq))");
			statement.execute(
					"create unique index message_by_client_id on message (conversation_id, sender, client_message_id)");
		}
		try (PreparedStatement insert = connection.prepareStatement("insert into message values (?, ?, ?, ?)")) {
			long seq = 0;
			for (int i = 0; i < history; i++) {
				for (int sender = 0; sender < SENDERS; sender++) {
					insert.setObject(1, conversation);
					insert.setLong(2, ++seq);
					insert.setString(3, "user" + sender);
					insert.setString(4, UUID.randomUUID().toString());
					insert.addBatch();
					if (seq % 1_000 == 0) {
						insert.executeBatch();
					}
				}
			}
			insert.executeBatch();
		}
	}

	private static void drain(PreparedStatement query) throws SQLException {
		try (ResultSet rows = query.executeQuery()) {
			while (rows.next()) {
				// read every row, as the writer does
			}
		}
	}

}
