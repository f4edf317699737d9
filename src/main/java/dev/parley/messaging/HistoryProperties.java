package dev.parley.messaging;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code parley.history}.
 *
 * @param retention how long messages are kept; unset (the default) keeps them forever
 * @param commitInterval the shortest time between the starts of two group commits
 * (default 2 ms): messages that arrive sooner after a commit wait for the next one
 * together, so that under load each commit (on the embedded store ~0.3 ms of CPU however
 * few messages it holds) carries more of them; a message arriving when the last commit is
 * older is written at once. 0 commits as soon as the previous commit ends.
 */
@ConfigurationProperties("parley.history")
record HistoryProperties(@Nullable Duration retention, @DefaultValue("2ms") Duration commitInterval) {
}
