package dev.parley.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's authorization manager, the pipeline's deny-by-default backstop: it
 * passes a SUBSCRIBE or SEND only with the destination guard's grant, so the destination
 * policy decides each frame once.
 */
class MessageAuthorizationTests {

	final AuthorizationManager<Message<?>> authorization = new StompSecurityConfig().messageAuthorizationManager();

	final Authentication alice = UsernamePasswordAuthenticationToken.authenticated("alice", null, List.of());

	@Test
	void aSubscribeOrSendWithoutTheGuardsGrantIsDenied() {
		for (StompCommand command : List.of(StompCommand.SUBSCRIBE, StompCommand.SEND)) {
			assertThat(granted(frame(command, false))).as(command.name()).isFalse();
		}
	}

	@Test
	void aSubscribeOrSendTheGuardGrantedPasses() {
		for (StompCommand command : List.of(StompCommand.SUBSCRIBE, StompCommand.SEND)) {
			assertThat(granted(frame(command, true))).as(command.name()).isTrue();
		}
	}

	@Test
	void framesOfOtherTypesAreDeniedUnlessListed() {
		assertThat(granted(frame(StompCommand.UNSUBSCRIBE, false))).isTrue();
		assertThat(granted(frame(StompCommand.DISCONNECT, false))).isTrue();
		assertThat(granted(frame(StompCommand.CONNECT, false))).isTrue();
		assertThat(granted(frame(StompCommand.ACK, false))).isFalse();
	}

	private boolean granted(Message<?> frame) {
		var result = this.authorization.authorize(() -> this.alice, frame);
		return result != null && result.isGranted();
	}

	private static Message<byte[]> frame(StompCommand command, boolean granted) {
		StompHeaderAccessor accessor = StompHeaderAccessor.create(command);
		accessor.setDestination("/topic/conversation.00000000-0000-0000-0000-000000000001");
		if (granted) {
			accessor.setHeader(DestinationGuard.VERDICT_HEADER, DestinationPolicy.Verdict.GRANTED);
		}
		return MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
	}

}
