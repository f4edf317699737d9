package dev.parley.presence;

import java.util.UUID;

/**
 * This node's name in the presence tables; random for each start, so a restarted node is
 * a new node and the sweep takes the old one's rows away.
 */
record NodeId(String value) {

	static NodeId random() {
		return new NodeId(UUID.randomUUID().toString());
	}

}
