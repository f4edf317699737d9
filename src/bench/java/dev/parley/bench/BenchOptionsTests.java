package dev.parley.bench;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The benchmark's arguments: documented defaults, typed values, and refusals that say
 * what would be valid.
 */
class BenchOptionsTests {

	@Test
	void withoutArgumentsEveryOptionHasItsDocumentedDefault() {
		BenchOptions options = BenchOptions.parse();

		assertThat(options.targets()).containsExactly("embedded", "relay", "webstomp");
		assertThat(options.scenarios()).containsExactly("idle", "fanout", "bigroom", "storm");
		assertThat(options.sessions()).isEqualTo(10_000);
		assertThat(options.relaySessions()).isEqualTo(6_000);
		assertThat(options.rates()).startsWith(5_000).endsWith(80_000);
		assertThat(options.warmupSeconds()).isEqualTo(60);
		assertThat(options.stepWarmupSeconds()).isEqualTo(10);
		assertThat(options.clientMessageIds()).isTrue();
		assertThat(options.deflate()).isTrue();
		assertThat(options.serverJvm()).isEmpty();
		assertThat(options.serverJava()).isEmpty();
		assertThat(options.serverJar()).isEmpty();
		assertThat(options.bigRoomOnItsOwnTarget()).isTrue();
		assertThat(options.out()).isEqualTo(Path.of("target/bench"));
	}

	@Test
	void argumentsMayComeOneByOneOrInOneStringAsMavenPassesThem() {
		BenchOptions options = BenchOptions.parse("targets=embedded,webstomp,socketio sessions=500",
				"server-jvm=-XX:+UseZGC;-Xlog:gc", "rates=100,200", "keep-going=true", "deflate=false");

		assertThat(options.targets()).containsExactly("embedded", "webstomp", "socketio");
		assertThat(options.deflate()).isFalse();
		assertThat(options.sessions()).isEqualTo(500);
		assertThat(options.serverJvm()).containsExactly("-XX:+UseZGC", "-Xlog:gc");
		assertThat(options.rates()).containsExactly(100, 200);
		assertThat(options.keepGoing()).isTrue();
	}

	@Test
	void theReportedArgumentsRepeatTheRun() {
		BenchOptions options = BenchOptions.parse("targets=relay", "server-args=--a=1;--b=2", "big-room=300",
				"deflate=false", "server-jar=/tmp/app/parley.jar");

		List<String> arguments = options.asArguments()
			.entrySet()
			.stream()
			.map(option -> option.getKey() + "=" + option.getValue())
			.toList();

		assertThat(BenchOptions.parse(arguments.toArray(String[]::new))).isEqualTo(options);
	}

	@Test
	void anUnknownOptionIsRefusedWithTheValidOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("sesions=10"))
			.withMessageContaining("unknown option 'sesions'")
			.withMessageContaining("sessions, relay-sessions");
	}

	@Test
	void malformedValuesAreRefusedNamingTheOption() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("targets=embedded,jetty"))
			.withMessage("targets: unknown 'jetty'; valid are bridge, embedded, relay, socketio, webstomp");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("sessions=many"))
			.withMessage("sessions: not a whole number: 'many'");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("step-seconds=0"))
			.withMessage("step-seconds: must be positive, got 0");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("keep-going=yes"))
			.withMessage("keep-going: true or false, got 'yes'");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("deflate=on"))
			.withMessage("deflate: true or false, got 'on'");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("sessions"))
			.withMessageContaining("has no value");
	}

}
