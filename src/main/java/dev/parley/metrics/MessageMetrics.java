package dev.parley.metrics;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Message meters:
 * <ul>
 * <li>{@code parley.messages.received{transport}}: chat messages accepted (stomp, http,
 * amqp);</li>
 * <li>{@code parley.messages.changed{kind}}: edits, deletes and reactions stored (edit,
 * delete, reaction);</li>
 * <li>{@code parley.messages.delivered}: MESSAGE frames handed to client sessions on this
 * node;</li>
 * <li>{@code parley.messages.handling}: time from a message's arrival to its publication
 * to the broker.</li>
 * </ul>
 * Stored messages are also tallied for the live admin view ({@link #recent()}).
 */
@Component
public class MessageMetrics {

	private final Counter receivedStomp;

	private final Counter receivedHttp;

	private final Counter receivedAmqp;

	private final Counter delivered;

	private final MeterRegistry registry;

	private final Timer handling;

	private final RecentMessages recent = new RecentMessages();

	MessageMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.receivedStomp = received(registry, "stomp");
		this.receivedHttp = received(registry, "http");
		this.receivedAmqp = received(registry, "amqp");
		this.delivered = Counter.builder("parley.messages.delivered")
			.description("MESSAGE frames sent to client sessions on this node")
			.register(registry);
		this.handling = Timer.builder("parley.messages.handling")
			.description("Time to validate, authorize and publish one chat message")
			.publishPercentileHistogram()
			.register(registry);
	}

	private static Counter received(MeterRegistry registry, String transport) {
		return Counter.builder("parley.messages.received")
			.description("Chat messages accepted")
			.tag("transport", transport)
			.register(registry);
	}

	public void received(Transport transport) {
		switch (transport) {
			case STOMP -> this.receivedStomp.increment();
			case HTTP -> this.receivedHttp.increment();
			case AMQP -> this.receivedAmqp.increment();
		}
	}

	/**
	 * An edit, delete or reaction was stored.
	 * @param kind {@code edit}, {@code delete} or {@code reaction}
	 */
	public void changed(String kind) {
		Counter.builder("parley.messages.changed")
			.description("Edits, deletes and reactions stored")
			.tag("kind", kind)
			.register(this.registry)
			.increment();
	}

	public Timer handling() {
		return this.handling;
	}

	/**
	 * A chat message was stored and published: counts it by transport, records its
	 * handling time, and tallies it for its conversation in {@link #recent()}.
	 */
	public void stored(Transport transport, UUID conversationId, long handlingNanos) {
		received(transport);
		this.handling.record(handlingNanos, TimeUnit.NANOSECONDS);
		this.recent.record(conversationId, handlingNanos);
	}

	/** This node's messages of the current interval, for the live admin view. */
	public RecentMessages recent() {
		return this.recent;
	}

	/** Chat messages accepted since start, over all transports. */
	public double receivedCount() {
		return this.receivedStomp.count() + this.receivedHttp.count() + this.receivedAmqp.count();
	}

	/** MESSAGE frames sent to client sessions on this node since start. */
	public double deliveredCount() {
		return this.delivered.count();
	}

	/** Counts MESSAGE frames on their way out to clients. */
	public ChannelInterceptor deliveryCounter() {
		return new ChannelInterceptor() {
			@Override
			public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent,
					@org.jspecify.annotations.Nullable Exception ex) {
				if (sent && SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) == SimpMessageType.MESSAGE) {
					MessageMetrics.this.delivered.increment();
				}
			}
		};
	}

	/** How a message reached Parley. */
	public enum Transport {

		STOMP, HTTP, AMQP

	}

}
