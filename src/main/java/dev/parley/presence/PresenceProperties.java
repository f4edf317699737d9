package dev.parley.presence;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code parley.presence}.
 *
 * @param offlineGrace how long after a user's last session ends (on any node) before they
 * are announced offline (default 3 s); a reconnect within it (page reload, network blip)
 * announces nothing
 * @param nodeHeartbeat how often a node records that it is alive (default 5 s)
 * @param nodeTimeout a node silent for this long is taken for dead: its sessions are
 * dropped and their users go offline (default 15 s; with the sweep below, users of a dead
 * node are offline within about 20 s)
 * @param sweepInterval how often each node looks for dead nodes and for users whose
 * offline announcement was missed (default 5 s)
 */
@ConfigurationProperties("parley.presence")
record PresenceProperties(@DefaultValue("3s") Duration offlineGrace, @DefaultValue("5s") Duration nodeHeartbeat,
		@DefaultValue("15s") Duration nodeTimeout, @DefaultValue("5s") Duration sweepInterval) {
}
