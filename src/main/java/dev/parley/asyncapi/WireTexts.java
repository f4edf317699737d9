package dev.parley.asyncapi;

import java.util.EnumMap;
import java.util.Map;

import dev.parley.errors.ErrorCode;

/**
 * The words of the AsyncAPI document that the code cannot say: what each destination is
 * for and who may use it, what its parameters and the error codes mean, and the
 * connection itself. Condensed from docs/api.md, which stays the full reference. A
 * destination or error code without its text here fails the document (and so
 * {@code AsyncApiDocumentTests}).
 */
final class WireTexts {

	static final String INFO = """
			Parley's STOMP API: everything a client sends (SEND to `/app/...`) and receives (SUBSCRIBE to \
			`/topic/...` and `/user/queue/...`). Generated from the running app's code: every destination its \
			annotated handlers take, every payload the server sends, their JSON Schemas and the error codes. \
			docs/api.md is the full reference (rules, limits, ordering and delivery guarantees); the HTTP API is \
			described there too.

			Destinations use `.` as separator (they map one-to-one onto RabbitMQ routing keys). A `SEND` or \
			`SUBSCRIBE` with a `receipt` header gets a `RECEIPT` once it has been handled, or an error on \
			`/user/queue/errors` naming the receipt instead; none is dropped silently. Wildcard and pattern \
			destinations (`*`, `#`, `>`, `?`), SENDs to `/topic`, `/queue` or `/user` and unknown destinations are \
			refused (`FORBIDDEN`, `NOT_FOUND`).

			Heartbeats: the server offers `10000,10000` (10 s both ways); a client that asks for none gets none. \
			Browser origins other than the page's own and `http://localhost:*` / `http://127.0.0.1:*` \
			(`parley.allowed-origins`) get HTTP 403 at the handshake.
			""";

	static final String WEBSOCKET = "STOMP 1.0-1.2 over a native WebSocket (as a sub-protocol or plain).";

	static final String SOCKJS = "STOMP over SockJS (WebSocket, XHR streaming, XHR polling, ...); client library at "
			+ "`/webjars/sockjs-client/sockjs.min.js`.";

	static final String HOST = "The server's host and port.";

	static final String BEARER = """
			`CONNECT` must carry `Authorization: Bearer <jwt>` as a STOMP header: a header of the CONNECT frame, \
			not of the HTTP handshake (which needs no credentials). Tokens are never accepted in a URL. A missing, \
			forged, tampered or expired token gets an `ERROR` frame whose `message` header starts with \
			`Unauthorized:`, and the connection is closed. The session ends when its token expires \
			(`TOKEN_EXPIRED: ...`) unless it presents a fresh one first: `SEND /app/session.refresh`.""";

	/** The channel of RECEIPT frames, which have no destination. */
	static final String RECEIPT = """
			`RECEIPT` frames: the answer to a `SEND` or `SUBSCRIBE` that carried a `receipt` header. A SEND's \
			comes once it has been accepted (stored and published where it is stored); a SUBSCRIBE's once the \
			subscription is in place, so every message published after it is delivered. A refused frame gets no \
			RECEIPT but an error on `/user/queue/errors` whose `receiptId` names it.""";

	static final String RECEIPT_ID = "The `receipt` header of the frame answered.";

	static final String RECEIPT_HEADER = "Ask for a `RECEIPT` (or, if the frame is refused, an error on "
			+ "`/user/queue/errors` naming it) with this id.";

	/** The channel of ERROR frames, which have no destination. */
	static final String ERROR_FRAME = """
			`ERROR` frames: connection-level failures, after which the connection is closed, as STOMP requires: a \
			refused `CONNECT` (`Unauthorized: ...`, `Too many sessions: ...`, or `The server could not accept the \
			connection; retry shortly`), an expired session (`TOKEN_EXPIRED: ...`), a frame that cannot be parsed \
			(`Malformed STOMP frame: ...`), a frame over the size, header or split limits, a second `CONNECT` \
			(`Already connected: ...`), or a first frame that is not `CONNECT`. Refusals within an open session go \
			to `/user/queue/errors` instead.""";

	static final String ERROR_MESSAGE_HEADER = "What went wrong; the body repeats it as text.";

	/** The STOMP headers handlers read, besides {@code receipt}. */
	static final Map<String, String> HEADERS = Map.of("Authorization",
			"`Bearer <jwt>`: the fresh token, as on CONNECT (never in the body or a URL).");

	/** What destination parameters stand for. */
	static final Map<String, String> PARAMETERS = Map.of("id", "The conversation's UUID.", "docId",
			"The document's UUID (one of the conversation's documents).");

	/** What each destination is for and who may use it, by address. */
	static final Map<String, String> CHANNELS = Map.ofEntries(Map.entry("/app/conversation.{id}.send", """
			Send a message (members). `content`: plain text, 1-10,000 code points, not blank, relayed unchanged \
			(render it as text). `clientMessageId` (optional, 1-100 characters without control characters): a \
			repeat from the same sender is not stored or broadcast again but still gets its receipt. `replyTo`: the \
			id of a message of this conversation that is not deleted. Rate-limited (`parley.limits.*`)."""),
			Map.entry("/app/conversation.{id}.edit", """
					Edit a message (its sender only). Stored with the conversation's next seq and broadcast on \
					`/topic/conversation.{id}`; an edit to the same text changes nothing."""),
			Map.entry("/app/conversation.{id}.delete", """
					Delete a message (its sender, or the conversation's creator). The text is removed from \
					storage with the message's reactions; a tombstone is broadcast."""),
			Map.entry("/app/conversation.{id}.react", """
					Turn a reaction on or off (members; one per user, emoji and message). `emoji`: 1-32 UTF-16 \
					units without spaces or control characters; at most \
					`parley.messages.max-emoji-per-message` (20) different emoji on a message."""),
			Map.entry("/app/conversation.{id}.read", """
					Mark the conversation read up to `seq` (members). Positions only move forward; a seq beyond \
					the conversation's last is taken as its last. 10 per second per user, apart from sending."""),
			Map.entry("/app/conversation.{id}.typing", """
					Say that the user is typing, or stopped (members). Repeats of `typing: true` within \
					`parley.typing.throttle` (2 s) are not broadcast again; the server sends `typing: false` \
					itself after `parley.typing.ttl` (5 s) without a repeat, or when the session disconnects."""),
			Map.entry("/app/presence", """
					Set the user's status to `away` or back to `online` (anyone signed in). Limited with typing \
					to `parley.limits.signals-per-second` (20) per user."""), Map.entry("/app/session.refresh", """
					Present a fresh token before the session's expires, as an `Authorization: Bearer <jwt>` \
					header (never in the body or a URL): the session then lives until the new token's `exp`. The \
					token must name the session's user (`FORBIDDEN` otherwise; `UNAUTHORIZED` for an invalid or \
					expired one); the session keeps the roles it connected with."""),
			Map.entry("/app/conversation.{id}.presence", """
					`SUBSCRIBE` here (members) for one answer, to that subscription: every member's status. \
					Subscribe to `/topic/conversation.{id}.presence` first, then ask for the snapshot, so no \
					change is missed."""), Map.entry("/app/conversation.{id}.doc.{docId}.op", """
					Submit an op on a document (members and SERVICE accounts): ot-text-unicode's JSON form, made \
					on `version`, transformed by the ops committed since, applied and stored as the next version. \
					`clientOpId` (optional, 1-100 characters) makes a resend safe: the server answers with the op \
					stored then. Positions count Unicode code points. docs/api.md, Documents, has the op format \
					and the client algorithm."""), Map.entry("/app/conversation.{id}.doc.{docId}.cursor", """
					Move the user's cursor in a document (members and SERVICE accounts): a selection from \
					`anchor` to `head` in code points of the text at `version`; both null (or absent) take the \
					cursor out. `parley.limits.signals-per-second` (20) per user."""),
			Map.entry("/topic/conversation.{id}", """
					The conversation's log, live (members): messages, edits, deletes and reactions, each with \
					the conversation's next `seq` (1, 2, 3 ... without gaps), stored before it is broadcast. \
					Subscribers on one node receive them in the order they were published. Recover what a \
					disconnected client missed with `GET /api/conversations/{id}/messages?after=<seq>`. In \
					bridge mode also a `repaired` notice (which has no seq) after a node was not receiving from \
					RabbitMQ for a while."""),
			Map.entry("/topic/conversation.{id}.typing", "Who starts and stops typing (members)."),
			Map.entry("/topic/conversation.{id}.presence", """
					Members' status changes (members): `online` from a user's first session to the last, `away` \
					when they say so, `offline` once the last session has been gone for \
					`parley.presence.offline-grace` (3 s). In bridge mode also a snapshot after a node was not \
					receiving from RabbitMQ for a while: replace what you hold."""),
			Map.entry("/topic/conversation.{id}.read", """
					Members' read positions (members), at most once a second per member and node: the furthest \
					position held in that second is sent when it is up."""),
			Map.entry("/topic/conversation.{id}.doc.{docId}", """
					A document's ops as applied, the author's sessions included (members and SERVICE accounts). \
					Live, at most once, and not necessarily in version order: the version tells the order and \
					any gap (fetch `GET .../documents/{docId}/ops?after=<version>`). Every \
					`parley.documents.hash-every` (20) versions an op carries `hash` of the text after it."""),
			Map.entry("/topic/conversation.{id}.doc.{docId}.cursors", """
					Users' cursors in a document (members and SERVICE accounts), each at most once per \
					`parley.documents.cursor-throttle` (100 ms); not stored and not replayed to a newcomer."""),
			Map.entry("/user/queue/errors", """
					Refusals of this session's frames (each session gets its own queue); the session keeps \
					working. `receiptId` names the refused frame's `receipt` header, if it had one."""),
			Map.entry("/user/queue/conversations", """
					New conversations and documents of the user's, and the user's own read state when any of \
					the user's sessions marks a conversation read, to every session of the user on any node. At \
					most once: `GET /api/conversations` has what a page missed."""),
			Map.entry("/user/queue/files",
					"Progress of the user's uploads (`POST /api/files`): `processing`, "
							+ "`checksum` (in steps), `sniffing`, `checking`, then `done` or `failed`."),
			Map.entry("/topic/admin.stats", """
					Every node's own figures for the live admin view (`/admin.html`), once a second each: \
					sessions, users online, messages in and delivered, handling p50/p99, errors by code, the \
					busiest conversations, broker and database status. ADMIN only (FORBIDDEN, "Admins only", \
					for anyone else); shared across nodes in relay and bridge mode."""),
			Map.entry("/user/queue/notifications", """
					Whatever JSON a backend service posted to `POST /api/users/{username}/notifications`, as \
					posted, on every session of the user, on any node. At most once: a user with no open \
					session gets nothing."""));

	/** What each error code means on {@code /user/queue/errors}. */
	static final Map<ErrorCode, String> ERROR_CODES = errorCodes();

	private WireTexts() {
	}

	private static Map<ErrorCode, String> errorCodes() {
		Map<ErrorCode, String> codes = new EnumMap<>(ErrorCode.class);
		codes.put(ErrorCode.BAD_REQUEST, "The body is not JSON of the expected shape, or empty; a SUBSCRIBE to a "
				+ "destination or with a subscription id the session already holds.");
		codes.put(ErrorCode.VALIDATION, "Readable but breaks a rule: empty, blank or too-long content, a bad "
				+ "clientMessageId, status, typing value, emoji, document op, version or cursor.");
		codes.put(ErrorCode.FORBIDDEN, "Not a member (or not the message's sender); a wildcard or pattern "
				+ "destination; a SEND to /topic, /queue or /user; a refreshed token for another user.");
		codes.put(ErrorCode.NOT_FOUND, "No such conversation, message or document (or an id that is not a UUID); "
				+ "an unknown destination.");
		codes.put(ErrorCode.RATE_LIMITED,
				"Over a message, signal, document-edit or subscription limit; the message says when to retry.");
		codes.put(ErrorCode.GONE,
				"The ops since the version an op was made on are no longer kept: reload the document.");
		codes.put(ErrorCode.UNAUTHORIZED, "A refreshed token that is invalid or expired (SEND /app/session.refresh).");
		codes.put(ErrorCode.UNAVAILABLE, "The database or broker is down, or another server-side failure; retry "
				+ "(with the same clientMessageId or clientOpId).");
		return codes;
	}

}
