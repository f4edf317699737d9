package dev.parley.broker;

import java.util.Set;
import java.util.UUID;

/**
 * Published in bridge mode once a node receives from RabbitMQ again after an interruption
 * and has re-delivered the stored messages its subscribers missed, so that ephemeral
 * state (presence) can be sent to them afresh.
 *
 * @param conversations the conversations with subscribers on this node
 */
public record BridgeRepaired(Set<UUID> conversations) {

	public BridgeRepaired {
		conversations = Set.copyOf(conversations);
	}

}
