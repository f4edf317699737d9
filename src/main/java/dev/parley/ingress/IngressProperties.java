package dev.parley.ingress;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code parley.amqp} (relay mode only).
 *
 * @param inboundExchange the topic exchange services publish to, routing key
 * {@code conversation.<id>} (default {@code parley.inbound})
 * @param inboundQueue the durable queue Parley nodes consume it from, as competing
 * consumers (default {@code parley.inbound.messages})
 * @param deadLetterExchange where refused messages go (default
 * {@code parley.inbound.dlx})
 * @param deadLetterQueue the durable queue that keeps them for operators (default
 * {@code parley.inbound.dead})
 */
@ConfigurationProperties("parley.amqp")
record IngressProperties(@DefaultValue("parley.inbound") String inboundExchange,
		@DefaultValue("parley.inbound.messages") String inboundQueue,
		@DefaultValue("parley.inbound.dlx") String deadLetterExchange,
		@DefaultValue("parley.inbound.dead") String deadLetterQueue) {
}
