package dev.parley.documents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.parley.documents.DocumentStore.Document;
import dev.parley.documents.DocumentStore.StoredOp;
import dev.parley.documents.DocumentStore.Submission;
import dev.parley.documents.DocumentStore.Submitted;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;
import dev.parley.support.Api;
import dev.parley.support.ClusterTest;
import dev.parley.support.ParleyNode;
import dev.parley.support.ParleyTest;
import dev.parley.support.PostgresServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The server's authority over a document: an op made on an older version is transformed
 * by what was committed since, versions have no gaps, a repeated {@code clientOpId} is
 * answered and not applied twice, a bad op changes nothing, and the stored ops replayed
 * from the empty document give the stored text - also with writers on several threads at
 * once, on the embedded H2 and on PostgreSQL.
 */
class DocumentStoreTests {

	private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	/**
	 * Small, so that the writers below cross many snapshots: the text read is the
	 * snapshot with the ops since it.
	 */
	private static final int SNAPSHOT_EVERY = 7;

	@Nested
	@ParleyTest
	class OnH2 {

		@Autowired
		DocumentStore store;

		@LocalServerPort
		int port;

		@Test
		void theServerOrdersEveryEdit() throws Exception {
			check(this.store, new Api(this.port));
		}

	}

	@Test
	@ClusterTest
	void onPostgres() throws Exception {
		try (PostgresServer postgres = PostgresServer.start(); ParleyNode node = ParleyNode.onPostgres(postgres)) {
			check(node.bean(DocumentStore.class), node.api());
		}
	}

	static void check(DocumentStore store, Api api) throws Exception {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID conversation = api.createConversation(alice, bob);
		Document created = store.create(conversation, "Notes", alice, NOW);
		assertThat(created.version()).isZero();
		UUID id = created.id();

		assertThat(submit(store, conversation, id, 0, op("hello"), alice, "a1").op().version()).isEqualTo(1);
		assertThat(submit(store, conversation, id, 1, op("Oh, "), alice, "a2").op().version()).isEqualTo(2);
		// bob's op was made on version 1 ("hello"), before alice's second: transformed by
		// it, so that it still capitalises and ends the word
		Submitted late = submit(store, conversation, id, 1, op(Map.of("d", 1), "H", 4, "!"), bob, "b1");
		assertThat(late.repeated()).isFalse();
		assertThat(late.op().version()).isEqualTo(3);
		assertThat(late.op().op()).isEqualTo(op(4, Map.of("d", 1), "H", 4, "!"));
		assertThat(store.find(conversation, id).text()).isEqualTo("Oh, Hello!");

		// a resend is answered with what was stored, and not applied again
		Submitted again = submit(store, conversation, id, 0, op("hello"), alice, "a1");
		assertThat(again.repeated()).isTrue();
		assertThat(again.op().version()).isEqualTo(1);
		assertThat(store.find(conversation, id).version()).isEqualTo(3);

		// refusals change nothing
		refused(ErrorCode.VALIDATION, () -> submit(store, conversation, id, 9, op("x"), bob, null));
		refused(ErrorCode.VALIDATION, () -> submit(store, conversation, id, 3, op(20, "x"), bob, null));
		refused(ErrorCode.VALIDATION, () -> store
			.submit(new Submission(conversation, id, 3, op(11, "!!"), bob, null, NOW), 12, SNAPSHOT_EVERY));
		refused(ErrorCode.NOT_FOUND, () -> submit(store, conversation, UUID.randomUUID(), 0, op("x"), bob, null));
		UUID other = api.createConversation(bob);
		refused(ErrorCode.NOT_FOUND, () -> submit(store, other, id, 0, op("x"), bob, null));
		assertThat(store.find(conversation, id).version()).isEqualTo(3);
		assertThat(store.find(other, id)).isNull();
		assertThat(store.list(conversation)).extracting(DocumentStore.Summary::id).containsExactly(id);

		// writers at once, each editing the version it last read: one gapless sequence,
		// and the ops replayed give the text
		ExecutorService writers = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int w = 0; w < 4; w++) {
				Random random = new Random(w);
				String author = (w % 2 == 0) ? alice : bob;
				running.add(writers.submit(() -> {
					for (int i = 0; i < 25; i++) {
						Document seen = store.find(conversation, id);
						submit(store, conversation, id, seen.version(), TextOpTests.op(random, seen.text()), author,
								null);
					}
					return null;
				}));
			}
			for (Future<?> each : running) {
				each.get();
			}
		}
		finally {
			writers.shutdown();
		}
		List<StoredOp> ops = store.opsAfter(id, 0, 1000);
		assertThat(ops).extracting(StoredOp::version)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 103).boxed().toList());
		String replayed = "";
		for (StoredOp each : ops) {
			replayed = each.op().apply(replayed);
		}
		Document last = store.find(conversation, id);
		assertThat(last.version()).isEqualTo(103);
		assertThat(replayed).isEqualTo(last.text());

		// pruning takes a prefix of the versions, even when a node's clock ran ahead: no
		// gap is left for a client to fall into
		UUID skewed = store.create(conversation, "Skewed", alice, NOW).id();
		Instant ahead = NOW.plusSeconds(3600);
		store.submit(new Submission(conversation, skewed, 0, op("a"), alice, null, ahead), 100, 1);
		store.submit(new Submission(conversation, skewed, 1, op(1, "b"), bob, null, NOW.minusSeconds(3600)), 100, 1);
		store.submit(new Submission(conversation, skewed, 2, op(2, "c"), bob, null, ahead), 100, 1);
		store.pruneBefore(NOW);
		assertThat(store.opsAfter(skewed, 0, 10)).extracting(StoredOp::version).containsExactly(3L);
		assertThat(store.find(conversation, skewed).text()).isEqualTo("abc");
		assertThat(store.opsAfter(id, 0, 1000)).hasSize(103);

		// nor past the snapshot: the ops since it make the text
		UUID unsnapshotted = store.create(conversation, "Young", alice, NOW).id();
		Instant old = NOW.minusSeconds(7200);
		store.submit(new Submission(conversation, unsnapshotted, 0, op("x"), alice, null, old), 100, 3);
		store.submit(new Submission(conversation, unsnapshotted, 1, op(1, "y"), alice, null, old), 100, 3);
		store.pruneBefore(NOW);
		assertThat(store.opsAfter(unsnapshotted, 0, 10)).hasSize(2);
		assertThat(store.find(conversation, unsnapshotted).text()).isEqualTo("xy");
		store.submit(new Submission(conversation, unsnapshotted, 2, op(2, "z"), alice, null, old), 100, 3);
		store.pruneBefore(NOW);
		assertThat(store.opsAfter(unsnapshotted, 0, 10)).isEmpty();
		assertThat(store.find(conversation, unsnapshotted).text()).isEqualTo("xyz");
	}

	private static Submitted submit(DocumentStore store, UUID conversation, UUID document, long version, TextOp op,
			String author, @Nullable String clientOpId) {
		return store.submit(new Submission(conversation, document, version, op, author, clientOpId, NOW), 100_000,
				SNAPSHOT_EVERY);
	}

	private static void refused(ErrorCode code, Runnable action) {
		assertThatExceptionOfType(ParleyException.class).isThrownBy(action::run)
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(code));
	}

	private static TextOp op(Object... components) {
		return TextOp.fromJson(List.of(components));
	}

}
