package dev.parley.broker;

import com.rabbitmq.client.ShutdownSignalException;
import io.micrometer.core.instrument.Counter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;

/**
 * Whether the node receives through its queue in bridge mode: connected from the moment
 * its consuming connection is open and every binding the node's subscribers need is made
 * again on it (RabbitMQ drops an exclusive queue with its bindings when the connection
 * ends; Spring AMQP declares the queue anew on each new connection, before this runs),
 * disconnected from the moment that connection closes. A connection after the first
 * starts the re-delivery of what the node's subscribers missed meanwhile
 * ({@link BridgeRepairs}).
 */
final class BridgeConnectionWatcher implements ConnectionListener {

	private static final Log logger = LogFactory.getLog(BridgeConnectionWatcher.class);

	private final BridgeBindings bindings;

	private final Counter repairs;

	private final Runnable afterInterruption;

	private volatile boolean connected;

	/** Whether a connection was open before: a new one follows an interruption. */
	private boolean opened;

	BridgeConnectionWatcher(BridgeBindings bindings, Counter repairs, Runnable afterInterruption) {
		this.bindings = bindings;
		this.repairs = repairs;
		this.afterInterruption = afterInterruption;
	}

	@Override
	public void onCreate(Connection connection) {
		try {
			int bound = this.bindings.rebindAll();
			this.connected = true;
			if (this.opened) {
				this.repairs.increment();
				logger.info("Bridge connection to RabbitMQ back: " + bound + " binding(s) made again");
				this.afterInterruption.run();
			}
			this.opened = true;
		}
		catch (RuntimeException ex) {
			logger.warn("Bridge connection to RabbitMQ open, but its bindings could not be made: " + ex.getMessage());
		}
	}

	@Override
	public void onClose(Connection connection) {
		this.connected = false;
	}

	@Override
	public void onShutDown(ShutdownSignalException signal) {
		this.connected = false;
	}

	boolean connected() {
		return this.connected;
	}

}
