package dev.parley.asyncapi;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.handler.HandlerMethod;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.support.PayloadMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.simp.SimpMessageMappingInfo;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.annotation.support.SimpAnnotationMethodMessageHandler;

/**
 * The {@code /app} destinations the running app handles, as its annotated message
 * handlers map them ({@code @MessageMapping}, {@code @SubscribeMapping}), each with the
 * parameter Spring binds the frame's body to (the one its payload resolver takes) and the
 * STOMP headers the method reads.
 */
final class HandledDestinations {

	/**
	 * Headers Spring sets on every message for itself ({@code simpSessionId} ...), not
	 * ones a client sends.
	 */
	private static final String SPRING_HEADER_PREFIX = "simp";

	private HandledDestinations() {
	}

	/** Every destination of these handlers, by address and then SEND before SUBSCRIBE. */
	static List<Handled> of(List<SimpAnnotationMethodMessageHandler> handlers) {
		List<Handled> handled = new ArrayList<>();
		for (SimpAnnotationMethodMessageHandler handler : handlers) {
			for (Map.Entry<SimpMessageMappingInfo, HandlerMethod> mapping : handler.getHandlerMethods().entrySet()) {
				SimpMessageType type = mapping.getKey().getMessageTypeMessageCondition().getMessageType();
				HandlerMethod method = mapping.getValue();
				for (String prefix : handler.getDestinationPrefixes()) {
					for (String pattern : mapping.getKey().getDestinationConditions().getPatterns()) {
						handled.add(new Handled(join(prefix, pattern), type == SimpMessageType.SUBSCRIBE, method,
								payload(handler, method), headers(method)));
					}
				}
			}
		}
		handled.sort(Comparator.comparing(Handled::address).thenComparing(Handled::subscribe));
		return handled;
	}

	private static String join(String prefix, String pattern) {
		return prefix.endsWith("/") ? prefix + pattern : prefix + "/" + pattern;
	}

	/**
	 * The parameter Spring reads the body into, if any: the one its payload resolver
	 * takes.
	 */
	private static @Nullable MethodParameter payload(SimpAnnotationMethodMessageHandler handler, HandlerMethod method) {
		for (MethodParameter parameter : method.getMethodParameters()) {
			for (HandlerMethodArgumentResolver resolver : handler.getArgumentResolvers()) {
				if (resolver.supportsParameter(parameter)) {
					if (resolver instanceof PayloadMethodArgumentResolver) {
						return parameter;
					}
					break;
				}
			}
		}
		return null;
	}

	private static List<HeaderParameter> headers(HandlerMethod method) {
		List<HeaderParameter> headers = new ArrayList<>();
		for (MethodParameter parameter : method.getMethodParameters()) {
			Header header = parameter.getParameterAnnotation(Header.class);
			if (header == null) {
				continue;
			}
			String name = header.name().isEmpty() ? header.value() : header.name();
			if (!name.startsWith(SPRING_HEADER_PREFIX)) {
				headers.add(new HeaderParameter(name, header.required()));
			}
		}
		return headers;
	}

	/**
	 * An {@code /app} destination and its handler.
	 *
	 * @param address the destination, with its pattern's variables ({@code {id}})
	 * @param subscribe whether a SUBSCRIBE is handled (the method's value is the answer);
	 * otherwise a SEND
	 * @param method the handler method
	 * @param payload the parameter the body is read into, if any
	 * @param headers the STOMP headers the method reads
	 */
	record Handled(String address, boolean subscribe, HandlerMethod method, @Nullable MethodParameter payload,
			List<HeaderParameter> headers) {

		/** The type of what the method answers with (a future's value, for a future). */
		Type answer() {
			ResolvableType type = ResolvableType.forMethodReturnType(this.method.getMethod());
			if (type.toClass() == java.util.concurrent.CompletableFuture.class
					|| type.toClass() == java.util.concurrent.CompletionStage.class) {
				type = type.getGeneric(0);
			}
			return type.getType();
		}

		/** The handler as a person finds it in the code: {@code Class.method}. */
		String source() {
			return this.method.getBeanType().getSimpleName() + "." + this.method.getMethod().getName();
		}

	}

	/**
	 * A STOMP header a handler reads.
	 *
	 * @param name the header
	 * @param required whether the handler refuses a frame without it
	 */
	record HeaderParameter(String name, boolean required) {
	}

}
