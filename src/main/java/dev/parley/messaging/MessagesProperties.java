package dev.parley.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code parley.messages}.
 *
 * @param maxEmojiPerMessage how many different emoji one message's reactions may use
 * (default 20); one more is refused with VALIDATION
 */
@ConfigurationProperties("parley.messages")
record MessagesProperties(@DefaultValue("20") int maxEmojiPerMessage) {

	MessagesProperties {
		if (maxEmojiPerMessage < 1) {
			throw new IllegalArgumentException("parley.messages.max-emoji-per-message must be at least 1");
		}
	}

}
