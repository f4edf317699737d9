package dev.parley.messaging;

import org.junit.jupiter.api.Test;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MessageValidationTests {

	static ErrorCode codeOf(String content, String clientMessageId) {
		ParleyException ex = catchThrowableOfType(ParleyException.class,
				() -> MessagePublisher.validate(content, clientMessageId));
		return (ex != null) ? ex.code() : null;
	}

	@Test
	void contentIsOneToTenThousandCharactersCountedAsCodePoints() {
		assertThat(codeOf(null, null)).isEqualTo(ErrorCode.VALIDATION);
		assertThat(codeOf("", null)).isEqualTo(ErrorCode.VALIDATION);
		assertThat(codeOf(" \n\t", null)).isEqualTo(ErrorCode.VALIDATION);
		assertThatNoException().isThrownBy(() -> MessagePublisher.validate("x", null));
		assertThatNoException().isThrownBy(() -> MessagePublisher.validate("x".repeat(10_000), null));
		assertThat(codeOf("x".repeat(10_001), null)).isEqualTo(ErrorCode.VALIDATION);
		// an emoji is one character although Java stores it as two chars
		assertThatNoException().isThrownBy(() -> MessagePublisher.validate("\uD83D\uDE00".repeat(10_000), null));
	}

	@Test
	void clientMessageIdsAreBounded() {
		assertThatNoException().isThrownBy(() -> MessagePublisher.validate("x", "c-1"));
		assertThat(codeOf("x", "")).isEqualTo(ErrorCode.VALIDATION);
		assertThat(codeOf("x", "y".repeat(101))).isEqualTo(ErrorCode.VALIDATION);
		assertThat(codeOf("x", "a\u0000b")).isEqualTo(ErrorCode.VALIDATION);
	}

}
