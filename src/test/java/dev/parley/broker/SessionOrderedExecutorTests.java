package dev.parley.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHandlingRunnable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbound executor runs every frame once, each session's in the order given, while
 * many threads hand it frames for many sessions at once, in rounds that let it go idle
 * and start again: a session left waiting with no thread to take it fails the count, a
 * frame run out of order fails the order.
 */
class SessionOrderedExecutorTests {

	@Test
	void everyFrameRunsOnceInEachSessionsOrderUnderConcurrentProducers() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		ExecutorService producers = Executors.newFixedThreadPool(4);
		try {
			SessionOrderedExecutor executor = new SessionOrderedExecutor(pool, 0,
					new SimpleMeterRegistry().counter("slow"));
			int sessions = 50;
			int perProducer = 5_000;
			Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
			AtomicInteger ran = new AtomicInteger();
			for (int round = 0; round < 20; round++) {
				CountDownLatch done = new CountDownLatch(4);
				for (int p = 0; p < 4; p++) {
					int producer = p;
					int first = round * 4 * perProducer;
					producers.execute(() -> {
						for (int i = 0; i < perProducer; i++) {
							// each producer has its own sessions, so its order is theirs
							String session = "s" + producer + "-" + (i % sessions);
							int number = first + i;
							executor.execute(frame(session, () -> {
								seen.computeIfAbsent(session, s -> new CopyOnWriteArrayList<>()).add(number);
								ran.incrementAndGet();
							}));
						}
						done.countDown();
					});
				}
				assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
				int expected = (round + 1) * 4 * perProducer;
				long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
				while (ran.get() < expected && System.nanoTime() < deadline) {
					Thread.onSpinWait();
				}
				assertThat(ran.get()).as("frames run after round " + round).isEqualTo(expected);
			}
			seen.forEach((session, numbers) -> {
				List<Integer> sorted = new ArrayList<>(numbers);
				sorted.sort(Integer::compare);
				assertThat(numbers).as(session).isEqualTo(sorted);
			});
		}
		finally {
			producers.shutdownNow();
			pool.shutdownNow();
		}
	}

	private static MessageHandlingRunnable frame(String session, Runnable work) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setSessionId(session);
		Message<byte[]> message = MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders());
		MessageHandler handler = m -> work.run();
		return new MessageHandlingRunnable() {

			@Override
			public Message<?> getMessage() {
				return message;
			}

			@Override
			public MessageHandler getMessageHandler() {
				return handler;
			}

			@Override
			public void run() {
				work.run();
			}

		};
	}

}
