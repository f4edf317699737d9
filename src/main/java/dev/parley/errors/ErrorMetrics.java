package dev.parley.errors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * {@code parley.errors{code}}: refusals sent to clients, over STOMP and HTTP.
 */
@Component
public class ErrorMetrics {

	private final Map<ErrorCode, Counter> counters = new EnumMap<>(ErrorCode.class);

	ErrorMetrics(MeterRegistry registry) {
		for (ErrorCode code : ErrorCode.values()) {
			this.counters.put(code,
					Counter.builder("parley.errors")
						.description("Errors reported to clients, by code")
						.tag("code", code.name())
						.register(registry));
		}
	}

	public void count(ErrorCode code) {
		this.counters.get(code).increment();
	}

	/** Errors reported since start, by code; codes never reported are left out. */
	public Map<ErrorCode, Long> counts() {
		Map<ErrorCode, Long> counts = new EnumMap<>(ErrorCode.class);
		this.counters.forEach((code, counter) -> {
			long count = (long) counter.count();
			if (count > 0) {
				counts.put(code, count);
			}
		});
		return counts;
	}

}
