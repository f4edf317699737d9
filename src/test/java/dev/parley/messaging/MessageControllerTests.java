package dev.parley.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.parley.conversation.ConversationMember;
import dev.parley.metrics.MessageMetrics.Transport;
import dev.parley.stomp.StandaloneHandlers;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The send handler alone (standalone tier): the member's message goes to the publisher,
 * and the RECEIPT is sent when the publisher's future completes - not before, and not
 * when it fails.
 */
class MessageControllerTests {

	final UUID conversation = UUID.randomUUID();

	final ConversationMember member = new ConversationMember(this.conversation, "alice");

	final UsernamePasswordAuthenticationToken alice = UsernamePasswordAuthenticationToken.authenticated("alice", null,
			List.of());

	final MessagePublisher publisher = mock(MessagePublisher.class);

	final StandaloneHandlers handlers = new StandaloneHandlers(
			new MessageController(this.publisher, mock(MessageUpdates.class)),
			StandaloneHandlers.given(ConversationMember.class, this.member));

	final String destination = "/app/conversation." + this.conversation + ".send";

	@Test
	void theReceiptFollowsTheCommit() {
		CompletableFuture<ChatMessage> commit = new CompletableFuture<>();
		when(this.publisher.submit(this.member, "hello", "c-1", null, Transport.STOMP)).thenReturn(commit);

		this.handlers.send(this.alice, this.destination, "{\"content\":\"hello\",\"clientMessageId\":\"c-1\"}", "r-1");
		assertThat(this.handlers.receipts()).as("before the commit").isEmpty();

		commit.complete(new ChatMessage(ChatMessage.TYPE, UUID.randomUUID(), this.conversation, 1, "alice", "hello",
				Instant.now(), "c-1", ChatMessage.USER));
		assertThat(this.handlers.receipts()).containsExactly("r-1");
	}

	@Test
	void aFailedCommitIsNotReceipted() {
		CompletableFuture<ChatMessage> commit = new CompletableFuture<>();
		when(this.publisher.submit(this.member, "hello", null, null, Transport.STOMP)).thenReturn(commit);

		this.handlers.send(this.alice, this.destination, "{\"content\":\"hello\"}", "r-2");
		commit.completeExceptionally(new IllegalStateException("the store is down"));

		assertThat(this.handlers.receipts()).isEmpty();
	}

}
