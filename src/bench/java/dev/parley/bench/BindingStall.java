package dev.parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import dev.parley.support.RabbitMqNode;

/**
 * How long publishers wait for RabbitMQ's confirms while a bridge node's queue with many
 * bindings goes away (rabbitmq-server#12926): a queue like a bridge node's (exclusive,
 * auto-delete) bound to {@code amq.topic} with B conversation keys, a publisher
 * confirming each message to another conversation, then the queue's connection closed (as
 * when the node dies) or its bindings removed first (as a node that stops cleanly would).
 * Prints the publisher's worst confirm wait after the close and how long the queue took
 * to go.
 * <p>
 * {@code java -cp <test classpath> dev.parley.bench.BindingStall 1000 3000 10000}
 */
public final class BindingStall {

	private BindingStall() {
	}

	public static void main(String[] args) throws Exception {
		List<Integer> counts = new ArrayList<>();
		for (String arg : args) {
			counts.add(Integer.parseInt(arg));
		}
		try (RabbitMqNode rabbit = RabbitMqNode.start()) {
			ConnectionFactory factory = new ConnectionFactory();
			factory.setHost("127.0.0.1");
			factory.setPort(rabbit.amqpPort());
			for (int bindings : counts) {
				for (boolean unbindFirst : new boolean[] { false, true }) {
					run(factory, bindings, unbindFirst);
				}
			}
		}
	}

	private static void run(ConnectionFactory factory, int bindings, boolean unbindFirst) throws Exception {
		Connection node = factory.newConnection();
		try (Connection publisher = factory.newConnection()) {
			Channel nodeChannel = node.createChannel();
			String queue = "parley.bridge." + UUID.randomUUID();
			nodeChannel.queueDeclare(queue, false, true, true, null);
			List<String> keys = new ArrayList<>();
			long bindStart = System.nanoTime();
			for (int i = 0; i < bindings; i++) {
				String key = "conversation." + UUID.randomUUID();
				nodeChannel.queueBind(queue, "amq.topic", key);
				keys.add(key);
			}
			double bindSeconds = (System.nanoTime() - bindStart) / 1e9;
			// another node's queue, which the publisher's messages go to
			Channel other = publisher.createChannel();
			String otherQueue = other.queueDeclare().getQueue();
			other.queueBind(otherQueue, "amq.topic", "conversation.elsewhere");
			Channel publishing = publisher.createChannel();
			publishing.confirmSelect();
			// warm up, then close the node's side and publish on
			for (int i = 0; i < 200; i++) {
				publishing.basicPublish("amq.topic", "conversation.elsewhere", null, new byte[80]);
				publishing.waitForConfirmsOrDie(60_000);
			}
			long closeStart = System.nanoTime();
			if (unbindFirst) {
				for (String key : keys) {
					nodeChannel.queueUnbind(queue, "amq.topic", key);
				}
			}
			double unbindSeconds = (System.nanoTime() - closeStart) / 1e9;
			node.close();
			double worstMs = 0;
			long published = 0;
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (System.nanoTime() < end) {
				long start = System.nanoTime();
				publishing.basicPublish("amq.topic", "conversation.elsewhere", null, new byte[80]);
				publishing.waitForConfirmsOrDie(300_000);
				worstMs = Math.max(worstMs, (System.nanoTime() - start) / 1e6);
				published++;
			}
			double goneSeconds = (System.nanoTime() - closeStart) / 1e9;
			System.out.printf(
					"bindings=%d unbindFirst=%s bind %.1f s, unbind %.1f s; after the close: worst confirm %.0f ms over %d publishes in %.1f s%n",
					bindings, unbindFirst, bindSeconds, unbindSeconds, worstMs, published, goneSeconds);
			other.queueDelete(otherQueue);
		}
		finally {
			node.abort(); // closed already, unless the run failed
		}
	}

}
