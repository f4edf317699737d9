package dev.parley.stomp;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.annotation.support.MissingSessionUserException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SessionUserArgumentResolverTests {

	@Test
	void theUserIsTheFramesAuthenticatedName() {
		StompHeaderAccessor headers = StompHeaderAccessor.create(StompCommand.SEND);
		headers.setUser(new UsernamePasswordAuthenticationToken("alice", null, java.util.List.of()));
		assertThat(SessionUserArgumentResolver
			.user(MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders()))).isEqualTo("alice");
	}

	@Test
	void aFrameWithoutAUserFailsAsSpringsResolverWould() {
		Message<byte[]> frame = MessageBuilder.createMessage(new byte[0],
				StompHeaderAccessor.create(StompCommand.SEND).getMessageHeaders());
		assertThatExceptionOfType(MissingSessionUserException.class)
			.isThrownBy(() -> SessionUserArgumentResolver.user(frame));
	}

}
