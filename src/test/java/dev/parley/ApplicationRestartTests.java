package dev.parley;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.support.Api;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded default as {@code ./mvnw spring-boot:run} starts it: an H2 file under
 * {@code parley.data-dir} that survives a restart; and the {@code prod} profile's
 * refusals.
 */
class ApplicationRestartTests {

	private static final String TEST_KEY = "--parley.security.jwt.secret=" + Api.TEST_SECRET;

	@TempDir
	Path dataDir;

	private ConfigurableApplicationContext start(String... extra) {
		String[] base = { "--server.port=0", "--server.address=127.0.0.1", "--parley.data-dir=" + this.dataDir };
		String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
			.toArray(String[]::new);
		return new SpringApplicationBuilder(ParleyApplication.class).run(args);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Test
	void conversationsSurviveARestart() {
		String alice = Api.newUser("alice");
		UUID id;
		try (ConfigurableApplicationContext first = start(TEST_KEY)) {
			id = new Api(port(first)).createConversation(alice, "bob");
		}
		assertThat(this.dataDir.resolve("parley.mv.db")).exists();
		try (ConfigurableApplicationContext second = start(TEST_KEY)) {
			Api.Response list = new Api(port(second)).get("/api/conversations", Api.token(alice));
			assertThat(list.json().get(0).get("id").asString()).isEqualTo(id.toString());
		}
	}

	@Test
	void prodRefusesToStartWithoutAPrivateSecret() {
		assertThatThrownBy(() -> start("--spring.profiles.active=prod", "--parley.security.jwt.secret="))
			.hasStackTraceContaining("The prod profile needs a private parley.security.jwt.secret");
		assertThatThrownBy(() -> start("--spring.profiles.active=prod", TEST_KEY))
			.hasStackTraceContaining("it is unset or a published default");
		assertThatThrownBy(() -> start("--spring.profiles.active=prod",
				"--parley.security.jwt.secret=" + "a-private-secret-that-is-long-enough-0123",
				"--parley.security.demo-users=true"))
			.hasStackTraceContaining("refuses parley.security.demo-users=true");
		assertThatThrownBy(() -> start("--spring.profiles.active=prod",
				"--parley.security.jwt.secret=" + "a-private-secret-that-is-long-enough-0123",
				"--parley.security.demo-users=false",
				"--parley.security.issuers[0].issuer-uri=http://idp.example.com/realms/parley"))
			.hasStackTraceContaining("fetches an issuer's keys over HTTPS only: http://idp.example.com/realms/parley");
		assertThat(this.dataDir.resolve("parley.mv.db")).as("refused before the database was opened").doesNotExist();
	}

	@Test
	void clusterModesRefuseToStartWithoutASharedSecret() {
		assertThatThrownBy(() -> start("--parley.broker.mode=relay"))
			.hasStackTraceContaining("Relay mode needs parley.security.jwt.secret");
		assertThatThrownBy(() -> start("--parley.broker.mode=bridge"))
			.hasStackTraceContaining("Bridge mode needs parley.security.jwt.secret");
		assertThat(this.dataDir.resolve("parley.mv.db")).as("refused before the database was opened").doesNotExist();
	}

	@Test
	void aShortSecretIsRefused() {
		assertThatThrownBy(() -> start("--parley.security.jwt.secret=too-short"))
			.hasStackTraceContaining("at least 32 bytes");
	}

	@Test
	void prodStartsWithAPrivateSecretAndNoDemoUsers() {
		try (ConfigurableApplicationContext prod = start("--spring.profiles.active=prod",
				"--parley.security.jwt.secret=a-private-secret-that-is-long-enough-0123")) {
			Api.Response token = new Api(port(prod)).post("/api/auth/token", null,
					"{\"username\":\"alice\",\"password\":\"demo\"}");
			assertThat(token.status()).isEqualTo(401);
		}
	}

}
