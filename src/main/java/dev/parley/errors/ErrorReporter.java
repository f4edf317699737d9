package dev.parley.errors;

import java.util.concurrent.CompletionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.parley.stomp.Destinations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Sends a {@link StompError} to the one session that caused it, at
 * {@code /user/queue/errors}; the session stays open. Errors for a SEND that carried a
 * {@code receipt} header name the receipt id, so clients can match them.
 */
@Component
public class ErrorReporter {

	private static final Log logger = LogFactory.getLog(ErrorReporter.class);

	/**
	 * Lazy: the messaging template is built from the broker configuration, which needs
	 * this reporter.
	 */
	private final ObjectProvider<SimpMessageSendingOperations> messaging;

	private final ErrorMetrics metrics;

	ErrorReporter(ObjectProvider<SimpMessageSendingOperations> messaging, ErrorMetrics metrics) {
		this.messaging = messaging;
		this.metrics = metrics;
	}

	/** Report an error about the given client frame to the session that sent it. */
	public void report(Message<?> clientMessage, ErrorCode code, String text) {
		StompHeaderAccessor accessor = StompHeaderAccessor.wrap(clientMessage);
		String sessionId = accessor.getSessionId();
		String user = (accessor.getUser() != null) ? accessor.getUser().getName() : null;
		if (sessionId == null || user == null) {
			logger.debug("Cannot report error to a session without user: " + code);
			return;
		}
		report(sessionId, user, StompError.of(code, text, accessor.getDestination(), accessor.getReceipt()));
	}

	/**
	 * Report a failure of a handler or an inbound interceptor about the given client
	 * frame: a {@link ParleyException} with its code, a refusal by Spring Security as
	 * FORBIDDEN, a database failure as UNAVAILABLE, anything else as an internal error
	 * (logged). Used by the exception advice for handlers that throw or whose future
	 * fails (a SEND completes when its group commit does), and for frames an inbound
	 * interceptor failed on.
	 */
	public void report(Message<?> clientMessage, Throwable failure) {
		while (failure instanceof CompletionException && failure.getCause() != null) {
			// a handler's future that failed in a later stage
			failure = failure.getCause();
		}
		if (failure instanceof ParleyException refused) {
			report(clientMessage, refused.code(), refused.getMessage());
		}
		else if (failure instanceof AccessDeniedException) {
			report(clientMessage, ErrorCode.FORBIDDEN, "Access denied");
		}
		else {
			logServerFailure(failure);
			report(clientMessage, ErrorCode.UNAVAILABLE, isDatabaseFailure(failure)
					? "The store is unavailable; retry shortly" : "Internal error; retry shortly");
		}
	}

	/**
	 * Logs a failure that is the server's, not the client's: the database's as a warning,
	 * anything else as an error.
	 */
	public void logServerFailure(Throwable failure) {
		if (isDatabaseFailure(failure)) {
			logger.warn("Database access failed: " + failure.getMessage());
		}
		else {
			logger.error("Unexpected error handling a STOMP message", failure);
		}
	}

	private static boolean isDatabaseFailure(Throwable failure) {
		return failure instanceof DataAccessException || failure instanceof TransactionException;
	}

	public void report(String sessionId, String user, StompError error) {
		this.metrics.count(error.code());
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setSessionId(sessionId);
		headers.setLeaveMutable(true);
		this.messaging.getObject()
			.convertAndSendToUser(user, Destinations.ERRORS_QUEUE, error, headers.getMessageHeaders());
	}

}
