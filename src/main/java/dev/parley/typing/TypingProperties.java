package dev.parley.typing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code parley.typing}.
 *
 * @param ttl how long {@code typing:true} holds without a repeat before the server sends
 * {@code typing:false} (default 5 s)
 * @param throttle repeats of {@code typing:true} within this time are not broadcast again
 * (default 2 s); a later repeat is, so members who subscribed meanwhile learn it
 */
@ConfigurationProperties("parley.typing")
record TypingProperties(@DefaultValue("5s") Duration ttl, @DefaultValue("2s") Duration throttle) {
}
