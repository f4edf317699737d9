package dev.parley.conversation;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.parley.support.Api;
import dev.parley.support.ClusterTest;
import dev.parley.support.ParleyNode;
import dev.parley.support.PostgresServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When many members of one conversation subscribe at once with its member list not cached
 * (a big room after a node restart), one lookup runs and the others wait for it, instead
 * of each taking a database connection: with a pool of two and a slow database, forty
 * concurrent checks all succeed and none times out waiting for a connection.
 */
@ClusterTest
class MembershipLookupTests {

	private static final Duration POOL_TIMEOUT = Duration.ofMillis(300);

	@Test
	void concurrentChecksOfAnUncachedConversationShareOneLookup() throws Exception {
		try (PostgresServer postgres = PostgresServer.start();
				ParleyNode node = ParleyNode.onPostgres(postgres, "--spring.datasource.hikari.maximum-pool-size=2",
						"--spring.datasource.hikari.minimum-idle=2",
						"--spring.datasource.hikari.connection-timeout=" + POOL_TIMEOUT.toMillis());
				Connection blocker = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "");
				Connection observer = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "")) {
			String alice = Api.newUser("alice");
			UUID conversation = node.api().createConversation(alice);
			ConversationService conversations = node.bean(ConversationService.class);

			// the database is slow: reading conversations waits for this lock
			blocker.setAutoCommit(false);
			try (Statement lock = blocker.createStatement()) {
				lock.execute("lock table conversation in access exclusive mode");
			}
			ExecutorService callers = Executors.newFixedThreadPool(40);
			Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
			List<Future<Access>> checks = new ArrayList<>();
			try {
				for (int i = 0; i < 40; i++) {
					checks.add(callers.submit(() -> {
						try {
							return conversations.access(conversation, alice);
						}
						catch (RuntimeException ex) {
							failures.add(ex);
							throw ex;
						}
					}));
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> waitingForLock(observer) >= 1);
				// longer than a caller may wait for a pooled connection: without a shared
				// lookup, all but two callers fail here
				await().during(POOL_TIMEOUT.multipliedBy(3))
					.atMost(POOL_TIMEOUT.multipliedBy(6))
					.until(() -> failures.isEmpty() && waitingForLock(observer) == 1);
				blocker.commit();
				for (Future<Access> check : checks) {
					assertThat(check.get()).isEqualTo(Access.MEMBER);
				}
				assertThat(failures).isEmpty();
			}
			finally {
				blocker.rollback();
				callers.shutdownNow();
			}
		}
	}

	private static int waitingForLock(Connection observer) throws Exception {
		try (Statement query = observer.createStatement();
				ResultSet rows = query.executeQuery("select count(*) from pg_locks where not granted")) {
			rows.next();
			return rows.getInt(1);
		}
	}

}
