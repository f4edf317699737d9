package dev.parley.asyncapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.parley.ParleyApplication;
import dev.parley.stomp.Outbound;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The payloads the server sends to clients: every type under {@code dev.parley} marked
 * {@link Outbound}, found on the class path (they are package-private to their features,
 * so no list could name them).
 */
final class OutboundPayloads {

	private OutboundPayloads() {
	}

	/** Each marked type, by name. */
	static List<Marked> find() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(Outbound.class));
		List<Marked> marked = new ArrayList<>();
		for (BeanDefinition candidate : scanner
			.findCandidateComponents(ParleyApplication.class.getPackage().getName())) {
			Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(),
					OutboundPayloads.class.getClassLoader());
			Outbound outbound = type.getAnnotation(Outbound.class);
			Class<?> payload = (outbound.payload() == void.class) ? type : outbound.payload();
			String name = outbound.name().isEmpty() ? PayloadSchemas.name(type) : outbound.name();
			marked.add(new Marked(name, payload, outbound));
		}
		marked.sort(Comparator.comparing(Marked::name));
		return marked;
	}

	/**
	 * A payload the server sends.
	 *
	 * @param name the message's name
	 * @param payload its Java type
	 * @param outbound where it goes, and what it means
	 */
	record Marked(String name, Class<?> payload, Outbound outbound) {
	}

}
