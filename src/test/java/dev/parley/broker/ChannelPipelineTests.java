package dev.parley.broker;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.conversation.ConversationService;
import dev.parley.limits.SubscriptionLimiter;
import dev.parley.security.DestinationGuard;
import dev.parley.security.StompConnectAuthentication;
import dev.parley.support.Api;
import dev.parley.support.ParleyTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.AbstractMessageChannel;
import org.springframework.messaging.support.ImmutableMessageChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.messaging.access.intercept.AuthorizationChannelInterceptor;
import org.springframework.security.messaging.context.SecurityContextChannelInterceptor;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.web.socket.messaging.SessionConnectedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The inbound pipeline without a socket: frames built with {@link StompHeaderAccessor} go
 * into {@code clientInboundChannel}, and what Parley sends to that session is captured
 * from {@code clientOutboundChannel}.
 */
@ParleyTest
class ChannelPipelineTests {

	@Autowired
	@Qualifier("clientInboundChannel")
	SubscribableChannel inbound;

	@Autowired
	@Qualifier("clientOutboundChannel")
	SubscribableChannel outbound;

	@LocalServerPort
	int port;

	@Autowired
	ApplicationEventPublisher events;

	@MockitoSpyBean
	ConversationService conversations;

	final BlockingQueue<Message<?>> out = new LinkedBlockingQueue<>();

	final MessageHandler capture = this.out::add;

	String sessionId;

	@BeforeEach
	void setUp() {
		this.outbound.subscribe(this.capture);
		this.sessionId = "pipeline-" + UUID.randomUUID();
	}

	@AfterEach
	void tearDown() {
		this.outbound.unsubscribe(this.capture);
	}

	private Message<byte[]> frame(StompHeaderAccessor accessor, String body) {
		accessor.setSessionId(this.sessionId);
		accessor.setSessionAttributes(new HashMap<>());
		accessor.setLeaveMutable(true);
		return MessageBuilder.createMessage(body.getBytes(StandardCharsets.UTF_8), accessor.getMessageHeaders());
	}

	@SuppressWarnings("unchecked")
	private static Message<byte[]> asBytes(Message<?> message) {
		return MessageBuilder.createMessage(new byte[0], message.getHeaders());
	}

	private StompHeaderAccessor connect(String token) {
		StompHeaderAccessor connect = StompHeaderAccessor.create(StompCommand.CONNECT);
		connect.setAcceptVersion("1.2");
		if (token != null) {
			connect.addNativeHeader("Authorization", "Bearer " + token);
		}
		return connect;
	}

	private Message<?> nextFor(String sessionId) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			Message<?> message = this.out.poll(100, TimeUnit.MILLISECONDS);
			if (message != null && sessionId.equals(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()))) {
				return message;
			}
		}
		throw new AssertionError("nothing sent to session " + sessionId);
	}

	@Test
	void aConnectWithoutTokenIsDroppedAndAnsweredWithAnErrorFrame() throws Exception {
		boolean sent = this.inbound.send(frame(connect(null), ""));
		assertThat(sent).as("the CONNECT must not reach the broker").isFalse();
		Message<?> reply = nextFor(this.sessionId);
		StompHeaderAccessor error = StompHeaderAccessor.wrap(reply);
		assertThat(error.getCommand()).isEqualTo(StompCommand.ERROR);
		assertThat(error.getMessage()).isEqualTo("Unauthorized: Missing bearer token");
	}

	@Test
	void aConnectWithTokenIsAcknowledgedForItsUser() throws Exception {
		String user = Api.newUser("pipe");
		assertThat(this.inbound.send(frame(connect(Api.token(user)), ""))).isTrue();
		Message<?> ack = nextFor(this.sessionId);
		assertThat(SimpMessageHeaderAccessor.getMessageType(ack.getHeaders())).isEqualTo(SimpMessageType.CONNECT_ACK);
		assertThat(SimpMessageHeaderAccessor.getUser(ack.getHeaders()).getName()).isEqualTo(user);
	}

	@Test
	void anAcceptedSendIsReceiptedAndARefusedOneIsReportedToItsSession() throws Exception {
		String user = Api.newUser("pipe");
		UUID conversation = new Api(this.port).createConversation(user);
		this.inbound.send(frame(connect(Api.token(user)), ""));
		Message<?> ack = nextFor(this.sessionId);
		var principal = SimpMessageHeaderAccessor.getUser(ack.getHeaders());
		// what the socket handler announces when it writes CONNECTED; the user registry
		// learns the session from it
		this.events.publishEvent(new SessionConnectedEvent(this, asBytes(ack), principal));

		StompHeaderAccessor subscribe = StompHeaderAccessor.create(StompCommand.SUBSCRIBE);
		subscribe.setSubscriptionId("errors");
		subscribe.setDestination("/user/queue/errors");
		subscribe.setReceipt("sub-errors");
		subscribe.setUser(principal);
		this.inbound.send(frame(subscribe, ""));
		assertThat(StompHeaderAccessor.wrap(nextFor(this.sessionId)).getReceiptId()).isEqualTo("sub-errors");

		StompHeaderAccessor send = StompHeaderAccessor.create(StompCommand.SEND);
		send.setDestination("/app/conversation." + conversation + ".send");
		send.setReceipt("r-1");
		send.setUser(principal);
		this.inbound.send(frame(send, "{\"content\":\"through the pipeline\"}"));
		StompHeaderAccessor receipt = StompHeaderAccessor.wrap(nextFor(this.sessionId));
		assertThat(receipt.getCommand()).isEqualTo(StompCommand.RECEIPT);
		assertThat(receipt.getReceiptId()).isEqualTo("r-1");

		StompHeaderAccessor forbidden = StompHeaderAccessor.create(StompCommand.SEND);
		forbidden.setDestination("/topic/conversation." + conversation);
		forbidden.setReceipt("r-2");
		forbidden.setUser(principal);
		assertThat(this.inbound.send(frame(forbidden, "{}"))).as("dropped before the broker").isFalse();
		Message<?> error = nextFor(this.sessionId);
		assertThat(SimpMessageHeaderAccessor.getDestination(error.getHeaders()))
			.isEqualTo("/queue/errors-user" + this.sessionId);

		assertThat(new String((byte[]) error.getPayload(), StandardCharsets.UTF_8)).contains("\"code\":\"FORBIDDEN\"")
			.contains("\"receiptId\":\"r-2\"");
	}

	@Test
	void theInboundChannelRunsThePipelineInTheDocumentedOrder() {
		// Spring's broker adds two bookkeeping interceptors of its own in front (unsent
		// DISCONNECT, ordered receiving)
		assertThat(((AbstractMessageChannel) this.inbound).getInterceptors()).extracting(Object::getClass)
			.filteredOn(type -> !type.getPackageName().equals("org.springframework.messaging.simp.broker"))
			.containsExactly(InboundFailures.class, StompConnectAuthentication.class, DestinationGuard.class,
					SubscriptionLimiter.class, SecurityContextChannelInterceptor.class,
					AuthorizationChannelInterceptor.class, SubscriptionReceipts.class,
					ImmutableMessageChannelInterceptor.class);
	}

	@Test
	void aSendIsDecidedOnceOnItsWayThroughThePipeline() throws Exception {
		String user = Api.newUser("pipe");
		UUID conversation = new Api(this.port).createConversation(user);
		this.inbound.send(frame(connect(Api.token(user)), ""));
		var principal = SimpMessageHeaderAccessor.getUser(nextFor(this.sessionId).getHeaders());
		clearInvocations(this.conversations);

		StompHeaderAccessor send = StompHeaderAccessor.create(StompCommand.SEND);
		send.setDestination("/app/conversation." + conversation + ".send");
		send.setReceipt("once");
		send.setUser(principal);
		this.inbound.send(frame(send, "{\"content\":\"decided once\"}"));

		assertThat(StompHeaderAccessor.wrap(nextFor(this.sessionId)).getReceiptId()).isEqualTo("once");
		// the destination guard asks; Spring Security's backstop and the handler take its
		// verdict
		verify(this.conversations, times(1)).access(any(), any());
	}

}
