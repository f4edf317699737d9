package dev.parley.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.JdbcTransactionObjectSupport;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The embedded H2 database's transaction manager: H2 commits to memory and writes its
 * file within half a second ({@code WRITE_DELAY}), so a write transaction is followed by
 * {@code CHECKPOINT}, which writes the file before the commit returns (what
 * {@code WRITE_DELAY=0} did for every commit). Transactions run under
 * {@link JournaledCommits} skip it: the message writer's group commits, which the message
 * journal makes durable at a fraction of the cost.
 */
final class CheckpointingTransactionManager extends JdbcTransactionManager {

	CheckpointingTransactionManager(DataSource dataSource) {
		super(dataSource);
	}

	@Override
	protected void doCommit(DefaultTransactionStatus status) {
		super.doCommit(status);
		if (status.isReadOnly() || JournaledCommits.isActive()) {
			return;
		}
		Connection connection = ((JdbcTransactionObjectSupport) status.getTransaction()).getConnectionHolder()
			.getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.execute("CHECKPOINT");
		}
		catch (SQLException ex) {
			throw translateException("H2 checkpoint after commit", ex);
		}
	}

}
