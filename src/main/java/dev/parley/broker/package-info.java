/**
 * The STOMP wiring: endpoints ({@code /ws}, {@code /sockjs}), the broker behind them
 * (simple or the RabbitMQ relay), the inbound pipeline in order
 * ({@code InboundPipelineConfig}), the outbound channel, transport limits, heartbeats and
 * connection-level ERROR frames. Features use only
 * {@link dev.parley.broker.BrokerAvailability} and
 * {@link dev.parley.broker.BrokerProperties} from here.
 */
@NullMarked
package dev.parley.broker;

import org.jspecify.annotations.NullMarked;
