package dev.parley.presence;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code parley.presence}.
 *
 * @param offlineGrace how long after a user's last session ends before they are announced offline (default 3 s); a
 * reconnect within it (page reload, network blip) announces nothing
 */
@ConfigurationProperties("parley.presence")
record PresenceProperties(@DefaultValue("3s") Duration offlineGrace) {
}
