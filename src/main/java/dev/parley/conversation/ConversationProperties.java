package dev.parley.conversation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code parley.conversations}.
 *
 * @param maxMembers the most members a conversation may have, the creator included
 * (default 1000)
 */
@ConfigurationProperties("parley.conversations")
record ConversationProperties(@DefaultValue("1000") int maxMembers) {
}
