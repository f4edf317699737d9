package dev.parley.documents;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import dev.parley.scheduling.ParleyScheduler;
import dev.parley.stomp.Destinations;
import dev.parley.stomp.Outbound;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Who has a cursor where in which document, on this node; nothing of it is stored. A
 * user's cursor in a document is broadcast at most once per
 * {@code parley.documents.cursor-throttle}: a move within that time is held, and the
 * latest held position is sent when the time is up, so the others always end on where the
 * cursor stopped. The session that last moved the cursor owns it: when that session
 * leaves the document (a cursor without positions) or disconnects, the others get
 * {@code "anchor":null,"head":null} and drop it.
 */
@Component
class DocumentCursors {

	private final SimpMessageSendingOperations messaging;

	private final TaskScheduler scheduler;

	private final DocumentsProperties properties;

	private final Clock clock;

	private final Map<Key, Cursor> cursors = new ConcurrentHashMap<>();

	DocumentCursors(SimpMessageSendingOperations messaging, @ParleyScheduler TaskScheduler scheduler,
			DocumentsProperties properties, Clock clock) {
		this.messaging = messaging;
		this.scheduler = scheduler;
		this.properties = properties;
		this.clock = clock;
	}

	/** A cursor moved (or, with no position, left the document). */
	void update(Key key, String sessionId, Position position) {
		if (position.anchor() == null) {
			leave(key, sessionId);
			return;
		}
		Instant now = this.clock.instant();
		Position[] send = { null };
		this.cursors.compute(key, (k, previous) -> {
			if (previous == null || !previous.sessionId().equals(sessionId)
					|| !previous.sentAt().plus(this.properties.cursorThrottle()).isAfter(now)) {
				if (previous != null && previous.flush() != null) {
					previous.flush().cancel(false);
				}
				send[0] = position;
				return new Cursor(sessionId, now, null, null);
			}
			ScheduledFuture<?> flush = (previous.flush() != null) ? previous.flush()
					: this.scheduler.schedule(() -> flush(k), previous.sentAt().plus(this.properties.cursorThrottle()));
			return new Cursor(sessionId, previous.sentAt(), position, flush);
		});
		if (send[0] != null) {
			send(key, send[0]);
		}
	}

	private void flush(Key key) {
		Instant now = this.clock.instant();
		Position[] send = { null };
		this.cursors.computeIfPresent(key, (k, cursor) -> {
			if (cursor.held() == null) {
				return cursor;
			}
			send[0] = cursor.held();
			return new Cursor(cursor.sessionId(), now, null, null);
		});
		if (send[0] != null) {
			send(key, send[0]);
		}
	}

	private void leave(Key key, String sessionId) {
		boolean[] removed = { false };
		this.cursors.computeIfPresent(key, (k, cursor) -> {
			if (!cursor.sessionId().equals(sessionId)) {
				return cursor;
			}
			if (cursor.flush() != null) {
				cursor.flush().cancel(false);
			}
			removed[0] = true;
			return null;
		});
		if (removed[0]) {
			send(key, Position.GONE);
		}
	}

	@EventListener
	void onDisconnect(SessionDisconnectEvent event) {
		String sessionId = event.getSessionId();
		this.cursors.forEach((key, cursor) -> {
			if (cursor.sessionId().equals(sessionId)) {
				leave(key, sessionId);
			}
		});
	}

	/** True if the session holds the user's cursor in the document. */
	boolean holds(Key key, String sessionId) {
		Cursor cursor = this.cursors.get(key);
		return cursor != null && cursor.sessionId().equals(sessionId);
	}

	/** Cursors held now (for tests). */
	int size() {
		return this.cursors.size();
	}

	private void send(Key key, Position position) {
		this.messaging.convertAndSend(Destinations.documentCursorsTopic(key.conversationId(), key.documentId()),
				new CursorEvent("doc-cursor", key.user(), position.version(), position.anchor(), position.head()));
	}

	/** Whose cursor in which document. */
	record Key(UUID conversationId, UUID documentId, String user) {
	}

	/**
	 * A selection from anchor to head (equal for a caret), in code points of the text at
	 * the version; no anchor: the cursor left.
	 */
	record Position(long version, @Nullable Integer anchor, @Nullable Integer head) {

		static final Position GONE = new Position(0, null, null);

	}

	private record Cursor(String sessionId, Instant sentAt, @Nullable Position held,
			@Nullable ScheduledFuture<?> flush) {
	}

	/**
	 * {@code {"type":"doc-cursor","user","version","anchor","head"}} on
	 * {@code /topic/conversation.<id>.doc.<docId>.cursors}; null positions when the
	 * cursor left.
	 */
	@Outbound(value = "/topic/conversation.{id}.doc.{docId}.cursors", type = "doc-cursor",
			summary = "Where a user's cursor is in the document, or that it left")
	record CursorEvent(String type, String user, long version,
			@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Integer anchor,
			@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Integer head) {
	}

}
