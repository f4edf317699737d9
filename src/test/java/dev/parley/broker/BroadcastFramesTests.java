package dev.parley.broker;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broadcast serialised once gives every subscriber the frame Spring's own handler would
 * have written, byte for byte but for the message id's counter; other frames are left to
 * Spring's handler. The messages come from a real simple broker, so that they carry
 * exactly the headers it gives each subscriber's copy.
 */
class BroadcastFramesTests {

	private final ExecutorSubscribableChannel inbound = new ExecutorSubscribableChannel();

	private final ExecutorSubscribableChannel outbound = new ExecutorSubscribableChannel();

	private final ExecutorSubscribableChannel brokerChannel = new ExecutorSubscribableChannel();

	/** What the broker handed the outbound channel: one message per subscriber. */
	private final List<Message<?>> delivered = new ArrayList<>();

	private final SimpMessagingTemplate template = new SimpMessagingTemplate(this.brokerChannel);

	private final BroadcastStompSubProtocolHandler frames = new BroadcastStompSubProtocolHandler(new FramePieces(0));

	@BeforeEach
	void broker() {
		// the converters Spring's broker configuration gives the application's template
		this.template.setMessageConverter(new CompositeMessageConverter(List.of(new StringMessageConverter(),
				new ByteArrayMessageConverter(), new JacksonJsonMessageConverter())));
		SimpleBrokerMessageHandler broker = new SimpleBrokerMessageHandler(this.inbound, this.outbound,
				this.brokerChannel, List.of("/topic", "/queue"));
		broker.start();
		this.outbound.subscribe(this.delivered::add);
		subscribe(broker, "a1b2c3", "sub-0", "/topic/conversation.1");
		// ids with the characters STOMP escapes in header values (SockJS session ids are
		// the client's choice)
		subscribe(broker, "sock:js\\id", "sub:1\nx", "/topic/conversation.1");
		subscribe(broker, "d4e5f6", "sub-7", "/topic/conversation.2");
		this.delivered.clear(); // the CONNECT_ACKs
	}

	@Test
	void eachSubscribersFrameIsTheOneSpringWouldWrite() {
		this.template.convertAndSend("/topic/conversation.1",
				Map.of("content", "héllo 🌍 \"quoted\" \\ back", "seq", 42),
				Map.of("x-trace", "a:b\nc\\d", "x-seq", "42"));

		assertThat(this.delivered).hasSize(2);
		for (Message<?> message : this.delivered) {
			String ours = this.frames.broadcastFrame(session(message), message);
			assertThat(ours).as("served by the broadcast path").isNotNull();
			assertThat(withoutMessageIdCounter(ours)).isEqualTo(withoutMessageIdCounter(springsFrame(message)));
		}
		assertThat(springsFrame(this.delivered.get(1))).contains("subscription:sub\\c1\\nx\n")
			.contains("message-id:sock\\cjs\\\\id-")
			.contains("x-trace:a\\cb\\nc\\\\d\n");
	}

	@Test
	void theSamePayloadArraySentToTwoDestinationsGetsEachItsOwnHeaders() {
		byte[] payload = "{\"same\":\"array\"}".getBytes(StandardCharsets.UTF_8);
		publish("/topic/conversation.1", payload, MimeTypeUtils.APPLICATION_JSON, Map.of());
		publish("/topic/conversation.2", payload, MimeTypeUtils.TEXT_PLAIN, Map.of("x-extra", "1"));

		assertThat(this.delivered).hasSize(3);
		for (Message<?> message : this.delivered) {
			assertThat(message.getPayload()).isSameAs(payload);
			String ours = this.frames.broadcastFrame(session(message), message);
			assertThat(withoutMessageIdCounter(ours)).isEqualTo(withoutMessageIdCounter(springsFrame(message)));
		}
		assertThat(this.frames.broadcastFrame(session(this.delivered.get(2)), this.delivered.get(2)))
			.contains("destination:/topic/conversation.2\n")
			.contains("content-type:text/plain\n")
			.contains("x-extra:1\n");
	}

	@Test
	void messageIdsAreUniquePerFrame() {
		this.template.convertAndSend("/topic/conversation.1", "{}");
		Message<?> first = this.delivered.get(0);
		String once = this.frames.broadcastFrame(session(first), first);
		String again = this.frames.broadcastFrame(session(first), first);
		assertThat(messageId(once)).startsWith("a1b2c3-").isNotEqualTo(messageId(again));
		// frames that take Spring's path number their ids with Spring's counter: the two
		// ranges never meet
		assertThat(idNumber(once)).isGreaterThanOrEqualTo(1L << 62);
		assertThat(idNumber(springsFrame(first))).isLessThan(1L << 62);
	}

	private static long idNumber(String frame) {
		String id = messageId(frame);
		return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
	}

	@Test
	void framesSpringTreatsSpeciallyAreLeftToIt() {
		// a user destination: Spring rewrites the destination back to the one the user
		// subscribed to
		SimpMessageHeaderAccessor user = simpMessage("/queue/errors-user1");
		user.setNativeHeader(SimpMessageHeaderAccessor.ORIGINAL_DESTINATION, "/user/queue/errors");
		assertThat(broadcastFrame(user, "{}".getBytes(StandardCharsets.UTF_8))).isNull();

		// binary content goes out as a binary WebSocket message
		SimpMessageHeaderAccessor binary = simpMessage("/topic/conversation.1");
		binary.setContentType(MimeTypeUtils.APPLICATION_OCTET_STREAM);
		assertThat(broadcastFrame(binary, new byte[] { 1, 2, 3 })).isNull();

		// a relayed frame is already a STOMP message of its own session
		StompHeaderAccessor relayed = StompHeaderAccessor.create(StompCommand.MESSAGE);
		relayed.setSessionId("a1b2c3");
		relayed.setSubscriptionId("sub-0");
		relayed.setDestination("/topic/conversation.1");
		relayed.setMessageId("T_sub-0@@session-x@@1");
		assertThat(broadcastFrame(relayed, "{}".getBytes(StandardCharsets.UTF_8))).isNull();

		// and a plain broadcast copy is served (so the cases above are refused for their
		// reason)
		assertThat(broadcastFrame(simpMessage("/topic/conversation.1"), "{}".getBytes(StandardCharsets.UTF_8)))
			.isNotNull();
	}

	/** What the template sends the broker after converting a payload. */
	private void publish(String destination, byte[] payload, MimeType contentType, Map<String, String> nativeHeaders) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setDestination(destination);
		headers.setContentType(contentType);
		nativeHeaders.forEach(headers::setNativeHeader);
		this.brokerChannel.send(MessageBuilder.createMessage(payload, headers.getMessageHeaders()));
	}

	private static SimpMessageHeaderAccessor simpMessage(String destination) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setSessionId("a1b2c3");
		headers.setSubscriptionId("sub-0");
		headers.setDestination(destination);
		return headers;
	}

	private String broadcastFrame(SimpMessageHeaderAccessor headers, byte[] payload) {
		Message<byte[]> message = MessageBuilder.createMessage(payload, headers.getMessageHeaders());
		return this.frames.broadcastFrame(session(message), message);
	}

	/**
	 * A session connects and subscribes, as the inbound channel would tell the broker.
	 */
	private static void subscribe(SimpleBrokerMessageHandler broker, String sessionId, String subscriptionId,
			String destination) {
		SimpMessageHeaderAccessor connect = SimpMessageHeaderAccessor.create(SimpMessageType.CONNECT);
		connect.setSessionId(sessionId);
		broker.handleMessage(MessageBuilder.createMessage(new byte[0], connect.getMessageHeaders()));
		SimpMessageHeaderAccessor subscribe = SimpMessageHeaderAccessor.create(SimpMessageType.SUBSCRIBE);
		subscribe.setSessionId(sessionId);
		subscribe.setSubscriptionId(subscriptionId);
		subscribe.setDestination(destination);
		broker.handleMessage(MessageBuilder.createMessage(new byte[0], subscribe.getMessageHeaders()));
	}

	/** The text Spring's own STOMP handler sends to the session for this message. */
	private static String springsFrame(Message<?> message) {
		List<WebSocketMessage<?>> sent = new ArrayList<>();
		new StompSubProtocolHandler().handleMessageToClient(session(message, sent), message);
		assertThat(sent).hasSize(1);
		return ((TextMessage) sent.get(0)).getPayload();
	}

	private static WebSocketSession session(Message<?> message) {
		return session(message, new ArrayList<>());
	}

	/** A session that only knows its id and records what is sent to it. */
	private static WebSocketSession session(Message<?> message, List<WebSocketMessage<?>> sent) {
		String id = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
		return (WebSocketSession) Proxy.newProxyInstance(BroadcastFramesTests.class.getClassLoader(),
				new Class<?>[] { WebSocketSession.class }, (proxy, method, args) -> switch (method.getName()) {
					case "getId" -> id;
					case "isOpen" -> true;
					case "sendMessage" -> sent.add((WebSocketMessage<?>) args[0]);
					case "toString" -> "session " + id;
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

	private static String messageId(String frame) {
		return frame.lines()
			.filter(line -> line.startsWith("message-id:"))
			.map(line -> line.substring("message-id:".length()))
			.findFirst()
			.orElseThrow();
	}

	private static String withoutMessageIdCounter(String frame) {
		return frame.replaceAll("(?m)^(message-id:.*-)\\d+$", "$1N");
	}

}
