package dev.parley.errors;

import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentTypeMismatchException;
import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * Turns failures inside {@code @MessageMapping} handlers into {@code /user/queue/errors}
 * reports. The session keeps working, and a SEND that asked for a receipt gets this error
 * instead.
 */
@ControllerAdvice
class StompExceptionAdvice {

	private final ErrorReporter reporter;

	StompExceptionAdvice(ErrorReporter reporter) {
		this.reporter = reporter;
	}

	@MessageExceptionHandler({ MessageConversionException.class, MethodArgumentTypeMismatchException.class })
	void unreadable(Exception ex, Message<?> message) {
		this.reporter.report(message, ErrorCode.BAD_REQUEST, "Payload is not valid JSON of the expected shape");
	}

	@MessageExceptionHandler
	void invalid(MethodArgumentNotValidException ex, Message<?> message) {
		this.reporter.report(message, ErrorCode.BAD_REQUEST, "Payload is missing or empty");
	}

	/**
	 * Refusals ({@link ParleyException}), database failures and the unexpected: see
	 * {@link ErrorReporter}.
	 */
	@MessageExceptionHandler
	void failed(Exception ex, Message<?> message) {
		this.reporter.report(message, ex);
	}

}
