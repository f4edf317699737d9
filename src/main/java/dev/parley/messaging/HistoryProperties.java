package dev.parley.messaging;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code parley.history}.
 *
 * @param retention how long messages are kept; unset (the default) keeps them forever
 */
@ConfigurationProperties("parley.history")
record HistoryProperties(@Nullable Duration retention) {
}
