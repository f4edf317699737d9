package dev.parley.broker;

import java.security.Principal;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.parley.errors.ConnectionRefusals;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ErrorMetrics;
import dev.parley.errors.ErrorReporter;
import dev.parley.errors.ParleyException;
import dev.parley.stomp.Redaction;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * Decides what a client sees when a frame fails before any handler runs and no
 * interceptor has answered it already (Parley's own interceptors answer refusals
 * themselves; see {@code StompConnectAuthentication}). In practice: frames that cannot be
 * parsed, and failures when ordered receiving is off.
 * <ul>
 * <li>A refused SUBSCRIBE or SEND in an open session (not a member, wildcard, unknown
 * destination, ...) is reported on {@code /user/queue/errors} and the session stays open;
 * no RECEIPT is sent.</li>
 * <li>A refused CONNECT (missing, forged or expired token; too many sessions) and an
 * unreadable frame get a STOMP ERROR frame, after which the connection is closed, as
 * STOMP requires.</li>
 * </ul>
 */
@Component
class StompErrorHandler extends StompSubProtocolErrorHandler {

	private static final Log logger = LogFactory.getLog(StompErrorHandler.class);

	private final ErrorReporter reporter;

	private final ErrorMetrics metrics;

	StompErrorHandler(ErrorReporter reporter, ErrorMetrics metrics) {
		this.reporter = reporter;
		this.metrics = metrics;
	}

	@Override
	public @Nullable Message<byte[]> handleClientMessageProcessingError(@Nullable Message<byte[]> clientMessage,
			Throwable ex) {
		StompHeaderAccessor client = (clientMessage != null)
				? MessageHeaderAccessor.getAccessor(clientMessage, StompHeaderAccessor.class) : null;
		StompCommand command = (client != null) ? client.getCommand() : null;
		Principal user = (client != null) ? client.getUser() : null;
		if (clientMessage != null && client != null && user != null && client.getSessionId() != null
				&& command != StompCommand.CONNECT && command != StompCommand.STOMP) {
			Refusal refusal = refusalInSession(ex);
			this.reporter.report(clientMessage, refusal.code(), refusal.text());
			return null;
		}
		Refusal refusal = (clientMessage == null) ? malformed(ex) : connectionRefusal(ex);
		this.metrics.count(refusal.code());
		return errorFrame(refusal.text(), client);
	}

	/**
	 * The destination guard explains its own refusals; an authorization failure here was
	 * the backstop's.
	 */
	private static Refusal refusalInSession(Throwable ex) {
		ParleyException parley = find(ex, ParleyException.class);
		if (parley != null) {
			return new Refusal(parley.code(), parley.getMessage());
		}
		if (find(ex, AccessDeniedException.class) != null) {
			return new Refusal(ErrorCode.FORBIDDEN, "Not allowed");
		}
		logger.warn("Failed to process a client frame: " + Redaction.redact(String.valueOf(ex)));
		return new Refusal(ErrorCode.BAD_REQUEST, "The frame could not be processed");
	}

	/**
	 * The frame could not be decoded at all (bad header, unknown command, over the size
	 * limit) or was refused by {@link StrictStompDecoder}, which says why itself.
	 * Spring's own log line for this is switched off (it quotes the bad header, which may
	 * hold a token); this one is redacted.
	 */
	private static Refusal malformed(Throwable ex) {
		StrictStompDecoder.FrameRefused refused = find(ex, StrictStompDecoder.FrameRefused.class);
		if (refused != null) {
			String reason = Redaction.redact(refused.getMessage());
			logger.info("Closing a connection after a refused STOMP frame: " + reason);
			return new Refusal(ErrorCode.BAD_REQUEST, reason);
		}
		StompConversionException conversion = find(ex, StompConversionException.class);
		String reason = (conversion != null) ? Redaction.redact(conversion.getMessage()) : "unreadable frame";
		logger.info("Closing a connection after a malformed STOMP frame: " + reason);
		return new Refusal(ErrorCode.BAD_REQUEST, "Malformed STOMP frame: " + reason);
	}

	private static Refusal connectionRefusal(Throwable ex) {
		AuthenticationException authentication = find(ex, AuthenticationException.class);
		if (authentication != null) {
			return new Refusal(ErrorCode.UNAUTHORIZED, "Unauthorized: " + authentication.getMessage());
		}
		ParleyException parley = find(ex, ParleyException.class);
		if (parley != null) {
			return new Refusal(parley.code(), parley.getMessage());
		}
		if (find(ex, AccessDeniedException.class) != null) {
			return new Refusal(ErrorCode.UNAUTHORIZED, "Unauthorized: CONNECT needs Authorization: Bearer <token>");
		}
		StompConversionException malformed = find(ex, StompConversionException.class);
		if (malformed != null) {
			return new Refusal(ErrorCode.BAD_REQUEST, "Malformed STOMP frame: " + malformed.getMessage());
		}
		if (ex instanceof IllegalStateException && String.valueOf(ex.getMessage()).startsWith("Unknown session")) {
			return new Refusal(ErrorCode.BAD_REQUEST, "The first frame must be CONNECT");
		}
		logger.warn("Closing a connection after an unexpected error: " + Redaction.redact(String.valueOf(ex)));
		return new Refusal(ErrorCode.BAD_REQUEST, "The frame could not be processed");
	}

	private static Message<byte[]> errorFrame(String text, @Nullable StompHeaderAccessor client) {
		return ConnectionRefusals.errorFrame(text, null, (client != null) ? client.getReceipt() : null);
	}

	private static <T extends Throwable> @Nullable T find(Throwable ex, Class<T> type) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

	private record Refusal(ErrorCode code, String text) {
	}

}
