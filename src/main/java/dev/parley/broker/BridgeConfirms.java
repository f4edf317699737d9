package dev.parley.broker;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

import org.springframework.amqp.rabbit.connection.ChannelProxy;

/**
 * RabbitMQ's publisher confirms of the bridge's publications, taken asynchronously (the
 * publisher never waits for them): the time from publish to confirm, and the publications
 * RabbitMQ refused (nack) or never confirmed before their channel closed. Either is a
 * message other nodes may miss live; they fill it from the store when the next one shows
 * the hole ({@link BridgeRepairs}).
 */
final class BridgeConfirms {

	private final Timer latency;

	private final Counter nacked;

	private final Counter unconfirmed;

	private final Map<Channel, Outstanding> channels = Collections.synchronizedMap(new WeakHashMap<>());

	BridgeConfirms(Timer latency, Counter nacked, Counter unconfirmed) {
		this.latency = latency;
		this.nacked = nacked;
		this.unconfirmed = unconfirmed;
	}

	/**
	 * Called on the publishing thread right before it publishes on the channel: puts the
	 * channel in confirm mode on first use and notes the publication's delivery tag.
	 */
	void beforePublish(Channel channel) throws IOException {
		Channel target = (channel instanceof ChannelProxy proxy) ? proxy.getTargetChannel() : channel;
		Outstanding outstanding = this.channels.get(target);
		if (outstanding == null) {
			target.confirmSelect();
			outstanding = new Outstanding();
			target.addConfirmListener(outstanding);
			target.addShutdownListener(outstanding);
			this.channels.put(target, outstanding);
		}
		outstanding.sent.put(target.getNextPublishSeqNo(), System.nanoTime());
	}

	/**
	 * A channel's publications not confirmed yet, by delivery tag: when each was sent.
	 */
	private final class Outstanding implements ConfirmListener, ShutdownListener {

		private final ConcurrentSkipListMap<Long, Long> sent = new ConcurrentSkipListMap<>();

		@Override
		public void handleAck(long deliveryTag, boolean multiple) {
			long now = System.nanoTime();
			settled(deliveryTag, multiple).values()
				.forEach(sentAt -> BridgeConfirms.this.latency.record(now - sentAt, TimeUnit.NANOSECONDS));
			clear(deliveryTag, multiple);
		}

		@Override
		public void handleNack(long deliveryTag, boolean multiple) {
			BridgeConfirms.this.nacked.increment(settled(deliveryTag, multiple).size());
			clear(deliveryTag, multiple);
		}

		@Override
		public void shutdownCompleted(ShutdownSignalException cause) {
			BridgeConfirms.this.unconfirmed.increment(this.sent.size());
			this.sent.clear();
		}

		private NavigableMap<Long, Long> settled(long deliveryTag, boolean multiple) {
			return multiple ? this.sent.headMap(deliveryTag, true)
					: this.sent.subMap(deliveryTag, true, deliveryTag, true);
		}

		private void clear(long deliveryTag, boolean multiple) {
			settled(deliveryTag, multiple).clear();
		}

	}

}
