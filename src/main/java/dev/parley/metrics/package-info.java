/**
 * Micrometer meters for messages, deliveries and handling latency, and Spring's WebSocket
 * broker statistics as gauges; all exported on {@code /actuator/prometheus}.
 */
@NullMarked
package dev.parley.metrics;

import org.jspecify.annotations.NullMarked;
