package dev.parley.presence;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node id shared by the session tracker and the node's liveness.
 */
@Configuration(proxyBeanMethods = false)
class PresenceConfig {

	@Bean
	NodeId presenceNodeId() {
		return NodeId.random();
	}

}
