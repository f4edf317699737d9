package dev.parley.reading;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.conversation.ConversationMember;
import dev.parley.conversation.ReadState;
import dev.parley.scheduling.ParleyScheduler;
import dev.parley.stomp.Destinations;
import dev.parley.stomp.Outbound;

import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Tells who needs to know that a member read further. The member's own sessions (other
 * tabs and devices, on any node) get the new unread count at once on
 * {@code /user/queue/conversations}; the conversation's members get
 * {@code {"type":"read","conversationId","user","seq"}} on
 * {@code /topic/conversation.<id>.read} at most once per {@link #INTERVAL} per member and
 * node: a position within that time is held, and the furthest one held is sent when the
 * time is up. Both are best effort: the position is stored, and
 * {@code GET /api/conversations} and {@code GET /api/conversations/{id}/reads} return it.
 */
@Component
class ReadBroadcasts {

	static final Duration INTERVAL = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(ReadBroadcasts.class);

	private final SimpMessageSendingOperations messaging;

	private final TaskScheduler scheduler;

	/**
	 * Members whose last broadcast is less than an interval old, with the position held
	 * since; removed when an interval passes with nothing held.
	 */
	private final Map<Key, Window> windows = new ConcurrentHashMap<>();

	ReadBroadcasts(SimpMessageSendingOperations messaging, @ParleyScheduler TaskScheduler scheduler) {
		this.messaging = messaging;
		this.scheduler = scheduler;
	}

	void changed(ConversationMember member, ReadState state) {
		send(() -> this.messaging.convertAndSendToUser(member.user(), Destinations.CONVERSATIONS_QUEUE, state));
		Key key = new Key(member.conversationId(), member.user());
		long seq = state.readSeq();
		boolean[] now = { false };
		this.windows.compute(key, (k, window) -> {
			if (window == null) {
				now[0] = true;
				this.scheduler.schedule(() -> close(k), this.scheduler.getClock().instant().plus(INTERVAL));
				return new Window(seq, 0);
			}
			return new Window(window.sent(), Math.max(window.held(), seq));
		});
		if (now[0]) {
			broadcast(key, seq);
		}
	}

	/**
	 * The end of a member's interval: send what was held and start another, or forget.
	 */
	private void close(Key key) {
		long[] held = { 0 };
		this.windows.computeIfPresent(key, (k, window) -> {
			if (window.held() <= window.sent()) {
				return null;
			}
			held[0] = window.held();
			this.scheduler.schedule(() -> close(k), this.scheduler.getClock().instant().plus(INTERVAL));
			return new Window(window.held(), 0);
		});
		if (held[0] > 0) {
			broadcast(key, held[0]);
		}
	}

	private void broadcast(Key key, long seq) {
		send(() -> this.messaging.convertAndSend(Destinations.readTopic(key.conversationId()),
				new ReadEvent(ReadEvent.TYPE, key.conversationId(), key.user(), seq)));
	}

	private static void send(Runnable send) {
		try {
			send.run();
		}
		catch (MessagingException ex) {
			logger.debug("Could not send a read position: {}", ex.getMessage());
		}
	}

	/** Members being throttled (for tests). */
	int throttled() {
		return this.windows.size();
	}

	private record Key(UUID conversationId, String user) {
	}

	/** The last position broadcast, and the furthest held since (0 for none). */
	private record Window(long sent, long held) {
	}

	/** {@code {"type":"read","conversationId","user","seq"}} */
	@Outbound(value = "/topic/conversation.{id}.read", type = ReadEvent.TYPE, summary = "How far a member has read")
	record ReadEvent(String type, UUID conversationId, String user, long seq) {

		static final String TYPE = "read";

	}

}
