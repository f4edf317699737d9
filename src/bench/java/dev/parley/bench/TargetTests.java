package dev.parley.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Parley node that records a cache at its exit (a training run) must be stopped
 * gracefully, not with SIGKILL: which JVM options ask for that.
 */
class TargetTests {

	@Test
	void theOptionsThatWriteACacheAtExitAreRecognised() {
		assertThat(Target.recordsAtExit("-XX:AOTCacheOutput=/tmp/app.aot")).isTrue();
		assertThat(Target.recordsAtExit("-XX:AOTMode=record")).isTrue();
		assertThat(Target.recordsAtExit("-XX:ArchiveClassesAtExit=app.jsa")).isTrue();
	}

	@Test
	void usingACacheOrOtherOptionsIsNotRecording() {
		assertThat(Target.recordsAtExit("-XX:AOTCache=/tmp/app.aot")).isFalse();
		assertThat(Target.recordsAtExit("-XX:AOTMode=on")).isFalse();
		assertThat(Target.recordsAtExit("-XX:SharedArchiveFile=app.jsa")).isFalse();
		assertThat(Target.recordsAtExit("-Xmx2g")).isFalse();
	}

}
