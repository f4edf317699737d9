package dev.parley.cluster;

import org.junit.jupiter.api.BeforeAll;

import dev.parley.support.ClusterTest;
import dev.parley.support.ParleyNode;
import dev.parley.support.ParleyProcess;
import dev.parley.support.PostgresServer;
import dev.parley.support.RabbitMqNode;

/**
 * The cluster's promises in relay mode: two Parley nodes relaying to RabbitMQ's STOMP
 * plugin.
 */
@ClusterTest
class RelayClusterTests extends ClusterContractTests {

	@BeforeAll
	static void startCluster() throws Exception {
		rabbit = RabbitMqNode.start();
		postgres = PostgresServer.start();
		a = ParleyNode.relay(rabbit, postgres);
		// b starts through the relay profile, as operators do; the test's servers
		// override its addresses
		b = ParleyNode.relay(rabbit, postgres, "--spring.profiles.active=relay", "--spring.rabbitmq.username=guest",
				"--spring.rabbitmq.password=guest", "--spring.rabbitmq.virtual-host=/");
	}

	@Override
	ParleyProcess startProcessNode() throws Exception {
		return ParleyProcess.relay(rabbit, postgres);
	}

}
