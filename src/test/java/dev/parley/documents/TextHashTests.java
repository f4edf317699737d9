package dev.parley.documents;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The divergence hash is 32-bit FNV-1a over UTF-16 code units: the published FNV-1a
 * values for ASCII text, and the same values the page's {@code textHash} gives
 * ({@code clients/js/test/doc-sync.test.mjs}).
 */
class TextHashTests {

	@Test
	void isFnv1aOverUtf16CodeUnits() {
		assertThat(TextHash.of("")).isEqualTo("811c9dc5");
		assertThat(TextHash.of("a")).isEqualTo("e40c292c");
		assertThat(TextHash.of("foobar")).isEqualTo("bf9cf968");
		// a character outside the Basic Multilingual Plane is its two code units
		assertThat(TextHash.of("\uD83D\uDE00")).isNotEqualTo(TextHash.of("\uDE00\uD83D"));
	}

}
