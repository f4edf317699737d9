package dev.parley.cluster;

import org.junit.jupiter.api.BeforeAll;

import dev.parley.support.ClusterTest;
import dev.parley.support.ParleyNode;
import dev.parley.support.ParleyProcess;
import dev.parley.support.PostgresServer;
import dev.parley.support.RabbitMqNode;

/**
 * The cluster's promises in bridge mode: two Parley nodes with their own brokers, sharing
 * conversations and user destinations through one queue per node.
 */
@ClusterTest
class BridgeModeClusterTests extends ClusterContractTests {

	@BeforeAll
	static void startCluster() throws Exception {
		rabbit = RabbitMqNode.start();
		postgres = PostgresServer.start();
		a = ParleyNode.bridge(rabbit, postgres);
		// b starts through the bridge profile, as operators do; the test's servers
		// override its addresses
		b = ParleyNode.bridge(rabbit, postgres, "--spring.profiles.active=bridge", "--spring.rabbitmq.username=guest",
				"--spring.rabbitmq.password=guest", "--spring.rabbitmq.virtual-host=/");
	}

	@Override
	ParleyProcess startProcessNode() throws Exception {
		return ParleyProcess.bridge(rabbit, postgres);
	}

}
