package dev.parley.broker;

import org.jspecify.annotations.Nullable;

import dev.parley.errors.ConnectionRefusals;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ErrorMetrics;
import dev.parley.errors.ErrorReporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.AbstractMessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Answers every client frame that failed inside the inbound channel — an interceptor threw, such as a membership
 * lookup that could not reach the database, or Spring Security's authorization refusing — instead of letting it
 * vanish.
 * <p>
 * With ordered receiving ({@code setPreserveReceiveOrder}), Spring hands each session's frames to the channel through
 * a decorator that catches such exceptions and only logs them: the client got no ERROR, no error on
 * {@code /user/queue/errors}, and no RECEIPT, and waited forever (a benchmark found SUBSCRIBEs lost this way while
 * 2,000 clients joined one conversation and the membership lookups queued for database connections). This
 * interceptor is put first on {@code clientInboundChannel}, so the channel tells it about an exception from any later
 * interceptor: a failed CONNECT is answered with an ERROR frame (the connection closes, the client reconnects); any
 * other frame with an error on the session's {@code /user/queue/errors} naming its receipt, and the session stays
 * open.
 */
@Component
class InboundFailures implements ChannelInterceptor, SmartInitializingSingleton {

	private final ObjectProvider<MessageChannel> inbound;

	private final ObjectProvider<MessageChannel> outbound;

	private final ErrorReporter reporter;

	private final ErrorMetrics metrics;

	InboundFailures(@Qualifier("clientInboundChannel") ObjectProvider<MessageChannel> inbound,
			@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> outbound, ErrorReporter reporter,
			ErrorMetrics metrics) {
		this.inbound = inbound;
		this.outbound = outbound;
		this.reporter = reporter;
		this.metrics = metrics;
	}

	/** First of all interceptors, so that it hears of a failure in any of them. */
	@Override
	public void afterSingletonsInstantiated() {
		((AbstractMessageChannel) this.inbound.getObject()).addInterceptor(0, this);
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

	/** The interceptor's own exception, not the channel's wrapper around it. */
	private static Throwable cause(Exception ex) {
		Throwable failure = ex;
		while (failure instanceof MessagingException && failure.getCause() != null) {
			failure = failure.getCause();
		}
		return failure;
	}

}
