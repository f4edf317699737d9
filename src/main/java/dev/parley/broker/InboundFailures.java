package dev.parley.broker;

import org.jspecify.annotations.Nullable;

import dev.parley.errors.ConnectionRefusals;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ErrorMetrics;
import dev.parley.errors.ErrorReporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Answers every client frame that failed inside the inbound channel (an interceptor
 * threw: a membership lookup that could not reach the database, Spring Security's
 * authorization refusing) instead of letting it vanish: with ordered receiving, Spring
 * only logs such exceptions. First in the pipeline, so the channel tells it about a
 * failure in any later step. A failed CONNECT is answered with an ERROR frame (the
 * connection closes, the client reconnects); any other frame with an error on the
 * session's {@code /user/queue/errors} naming its receipt, and the session stays open.
 */
@Component
class InboundFailures implements ExecutorChannelInterceptor {

	private final ObjectProvider<MessageChannel> outbound;

	private final ErrorReporter reporter;

	private final ErrorMetrics metrics;

	InboundFailures(@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> outbound, ErrorReporter reporter,
			ErrorMetrics metrics) {
		this.outbound = outbound;
		this.reporter = reporter;
		this.metrics = metrics;
	}

	@Override
	public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, @Nullable Exception ex) {
		if (ex == null) {
			return;
		}
		Throwable failure = cause(ex);
		SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
		if (type == SimpMessageType.CONNECT) {
			this.reporter.logServerFailure(failure);
			this.metrics.count(ErrorCode.UNAVAILABLE);
			this.outbound.getObject()
				.send(ConnectionRefusals.errorFrame("The server could not accept the connection; retry shortly",
						SimpMessageHeaderAccessor.getSessionId(message.getHeaders()),
						StompHeaderAccessor.wrap(message).getReceipt()));
			return;
		}
		this.reporter.report(message, failure);
	}

	/**
	 * A handler failed on a frame past the interceptors: the broker could not register a
	 * subscription (in bridge mode, RabbitMQ did not confirm its binding). Annotated
	 * handlers report their own failures and do not get here.
	 */
	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
			@Nullable Exception ex) {
		if (ex != null && SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.CONNECT) {
			this.reporter.report(message, cause(ex));
		}
	}

	/** The interceptor's own exception, not the channel's wrapper around it. */
	private static Throwable cause(Exception ex) {
		Throwable failure = ex;
		while (failure instanceof MessagingException && failure.getCause() != null) {
			failure = failure.getCause();
		}
		return failure;
	}

}
