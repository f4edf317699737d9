package dev.parley.stomp;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodReturnValueHandler;

/**
 * Sends the RECEIPT for a client frame whose handler returned {@link Accepted}: the one
 * place that confirms frames to {@code /app}, which neither the simple broker nor the
 * relay answers (they never see them).
 */
public final class AcceptedReturnValueHandler implements HandlerMethodReturnValueHandler {

	private final Receipts receipts;

	public AcceptedReturnValueHandler(Receipts receipts) {
		this.receipts = receipts;
	}

	@Override
	public boolean supportsReturnType(MethodParameter returnType) {
		return Accepted.class.isAssignableFrom(returnType.getParameterType());
	}

	@Override
	public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType, Message<?> message) {
		if (returnValue instanceof Accepted accepted) {
			this.receipts.confirm(message, accepted.headers());
		}
	}

}
