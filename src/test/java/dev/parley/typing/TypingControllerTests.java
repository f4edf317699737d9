package dev.parley.typing;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.conversation.ConversationMember;
import dev.parley.limits.RateLimiter;
import dev.parley.stomp.StandaloneHandlers;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The typing handler alone (standalone tier): payload and member in, tracker out, RECEIPT
 * back; a frame without {@code typing} is refused before anything happens. Membership,
 * given here, is the pipeline's job.
 */
class TypingControllerTests {

	final UUID conversation = UUID.randomUUID();

	final UsernamePasswordAuthenticationToken alice = UsernamePasswordAuthenticationToken.authenticated("alice", null,
			List.of());

	final TypingTracker tracker = mock(TypingTracker.class);

	final RateLimiter rateLimiter = mock(RateLimiter.class);

	final StandaloneHandlers handlers = new StandaloneHandlers(new TypingController(this.tracker, this.rateLimiter),
			StandaloneHandlers.given(ConversationMember.class, new ConversationMember(this.conversation, "alice")));

	@Test
	void aMembersTypingReachesTheTrackerAndIsReceipted() {
		this.handlers.send(this.alice, "/app/conversation." + this.conversation + ".typing", "{\"typing\":true}",
				"t-1");

		verify(this.rateLimiter).acquireSignal("alice");
		verify(this.tracker).update(this.conversation, "alice", StandaloneHandlers.sessionOf(this.alice), true);
		assertThat(this.handlers.receipts()).containsExactly("t-1");
	}

	@Test
	void aFrameWithoutTypingIsRefusedBeforeAnythingHappens() {
		this.handlers.send(this.alice, "/app/conversation." + this.conversation + ".typing", "{}", "t-2");

		verify(this.tracker, never()).update(eq(this.conversation), anyString(), anyString(), anyBoolean());
		assertThat(this.handlers.receipts()).isEmpty();
	}

}
