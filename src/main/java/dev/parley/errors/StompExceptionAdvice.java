package dev.parley.errors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentTypeMismatchException;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Turns failures inside {@code @MessageMapping} handlers into {@code /user/queue/errors} reports. The session keeps
 * working, and a SEND that asked for a receipt gets this error instead.
 */
@ControllerAdvice
class StompExceptionAdvice {

	private static final Log logger = LogFactory.getLog(StompExceptionAdvice.class);

	private final ErrorReporter reporter;

	StompExceptionAdvice(ErrorReporter reporter) {
		this.reporter = reporter;
	}

	@MessageExceptionHandler
	void refused(ParleyException ex, Message<?> message) {
		this.reporter.report(message, ex.code(), ex.getMessage());
	}

	@MessageExceptionHandler({ MessageConversionException.class, MethodArgumentTypeMismatchException.class })
	void unreadable(Exception ex, Message<?> message) {
		this.reporter.report(message, ErrorCode.BAD_REQUEST, "Payload is not valid JSON of the expected shape");
	}

	@MessageExceptionHandler
	void invalid(MethodArgumentNotValidException ex, Message<?> message) {
		this.reporter.report(message, ErrorCode.BAD_REQUEST, "Payload is missing or empty");
	}

	@MessageExceptionHandler({ DataAccessException.class, TransactionException.class })
	void storeDown(Exception ex, Message<?> message) {
		logger.warn("Database access failed: " + ex.getMessage());
		this.reporter.report(message, ErrorCode.UNAVAILABLE, "The store is unavailable; retry shortly");
	}

	@MessageExceptionHandler
	void unexpected(Exception ex, Message<?> message) {
		logger.error("Unexpected error handling a STOMP message", ex);
		this.reporter.report(message, ErrorCode.UNAVAILABLE, "Internal error; retry shortly");
	}

}
