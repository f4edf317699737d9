package dev.parley.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.parley.ParleyApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Parley node in its own application context on a free loopback port, as
 * {@code java -jar} would start it.
 */
public final class ParleyNode implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private ParleyNode(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** A node in relay mode on the given RabbitMQ and PostgreSQL. */
	public static ParleyNode relay(RabbitMqNode rabbit, PostgresServer postgres, String... extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=0"));
		args.addAll(relayArgs(rabbit, postgres));
		args.addAll(Arrays.asList(extra));
		return new ParleyNode(new SpringApplicationBuilder(ParleyApplication.class).run(args.toArray(String[]::new)));
	}

	/** A node in bridge mode on the given RabbitMQ and PostgreSQL. */
	public static ParleyNode bridge(RabbitMqNode rabbit, PostgresServer postgres, String... extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=0"));
		args.addAll(bridgeArgs(rabbit, postgres));
		args.addAll(Arrays.asList(extra));
		return new ParleyNode(new SpringApplicationBuilder(ParleyApplication.class).run(args.toArray(String[]::new)));
	}

	/** A node on the embedded broker that keeps its data in the given PostgreSQL. */
	public static ParleyNode onPostgres(PostgresServer postgres, String... extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=" + postgres.username(),
				"--spring.datasource.password=", "--parley.security.jwt.secret=" + Api.TEST_SECRET,
				"--parley.limits.messages-per-minute=0", "--parley.limits.burst-per-second=0"));
		args.addAll(Arrays.asList(extra));
		return new ParleyNode(new SpringApplicationBuilder(ParleyApplication.class).run(args.toArray(String[]::new)));
	}

	/** The arguments of a relay-mode node on loopback, without a port. */
	static List<String> relayArgs(RabbitMqNode rabbit, PostgresServer postgres) {
		return clusterArgs("relay", rabbit, postgres);
	}

	/** The arguments of a bridge-mode node on loopback, without a port. */
	static List<String> bridgeArgs(RabbitMqNode rabbit, PostgresServer postgres) {
		return clusterArgs("bridge", rabbit, postgres);
	}

	private static List<String> clusterArgs(String mode, RabbitMqNode rabbit, PostgresServer postgres) {
		return List.of("--server.address=127.0.0.1", "--parley.broker.mode=" + mode, "--spring.rabbitmq.host=127.0.0.1",
				"--spring.rabbitmq.port=" + rabbit.amqpPort(), "--parley.broker.relay.port=" + rabbit.stompPort(),
				"--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=" + postgres.username(),
				"--spring.datasource.password=", "--parley.security.jwt.secret=" + Api.TEST_SECRET,
				"--parley.limits.sessions-per-ip=0", "--parley.typing.ttl=1s", "--parley.presence.offline-grace=300ms");
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	public Api api() {
		return new Api(port());
	}

	@Override
	public void close() {
		this.context.close();
	}

}
