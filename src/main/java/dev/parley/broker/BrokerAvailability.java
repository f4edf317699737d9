package dev.parley.broker;

import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.broker.BrokerAvailabilityEvent;
import org.springframework.stereotype.Component;

/**
 * Whether the broker can take messages, as Spring's {@link BrokerAvailabilityEvent}s say:
 * always with the simple broker; with the relay, while the node's system connection to
 * RabbitMQ is up; in bridge mode, also while the node's consuming connection is open and
 * bound ({@link BridgeConnectionWatcher}). It is part of readiness (application.yml). It
 * is the {@code broker} health contributor (DOWN while RabbitMQ is unreachable, UP again
 * once the relay has reconnected by itself) and the {@code parley.broker.available}
 * gauge, and publishers ask it so that a send fails with {@code UNAVAILABLE} rather than
 * vanishing.
 */
@Component("broker")
public class BrokerAvailability implements HealthIndicator {

	private volatile boolean available;

	private volatile Instant since;

	private final BrokerProperties properties;

	private final Clock clock;

	private final ObjectProvider<BridgeConnectionWatcher> bridge;

	BrokerAvailability(BrokerProperties properties, MeterRegistry registry, Clock clock,
			ObjectProvider<BridgeConnectionWatcher> bridge) {
		this.properties = properties;
		this.clock = clock;
		this.bridge = bridge;
		this.since = clock.instant();
		Gauge.builder("parley.broker.available", this, b -> b.available() ? 1 : 0)
			.description("1 while the message broker (simple or RabbitMQ relay) can take messages")
			.register(registry);
	}

	@EventListener
	void onAvailability(BrokerAvailabilityEvent event) {
		this.available = event.isBrokerAvailable();
		this.since = this.clock.instant();
	}

	/**
	 * @throws ParleyException UNAVAILABLE while the broker cannot take messages
	 */
	public void require() {
		if (!available()) {
			throw new ParleyException(ErrorCode.UNAVAILABLE, "The message broker is unavailable; retry shortly");
		}
	}

	/**
	 * The local broker's word and, in bridge mode, whether the node receives from
	 * RabbitMQ.
	 */
	private boolean available() {
		BridgeConnectionWatcher watcher = this.bridge.getIfAvailable();
		return this.available && (watcher == null || watcher.connected());
	}

	@Override
	public Health health() {
		Health.Builder health = available() ? Health.up() : Health.down();
		return health.withDetail("mode", this.properties.mode().name().toLowerCase(java.util.Locale.ROOT))
			.withDetail("since", this.since.toString())
			.build();
	}

}
