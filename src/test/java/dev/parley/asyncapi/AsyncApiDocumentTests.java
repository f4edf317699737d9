package dev.parley.asyncapi;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.parley.errors.ErrorCode;
import dev.parley.security.DestinationPolicy;
import dev.parley.security.DestinationPolicy.Verdict;
import dev.parley.stomp.Destinations;
import dev.parley.stomp.Destinations.Channel;
import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Session.Receipt;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.handler.HandlerMethod;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageMappingInfo;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.annotation.support.SimpAnnotationMethodMessageHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AsyncAPI document the app serves is the committed {@code docs/asyncapi.yaml}, names
 * every destination the app takes (each handler mapping, found here from the context, and
 * each destination {@link Destinations} knows) and only ones the destination policy
 * knows, and is a valid AsyncAPI 3.0.0 document whose references all resolve.
 * <p>
 * To write the file anew after a change:
 * {@code ./mvnw test -Dtest=AsyncApiDocumentTests -Dparley.asyncapi.write=true}.
 */
@ParleyTest
class AsyncApiDocumentTests {

	static final Path COMMITTED = Path.of("docs/asyncapi.yaml");

	static final String WRITE = "parley.asyncapi.write";

	static final YAMLMapper YAML = YAMLMapper.builder().build();

	/** The parts of {@link Destinations} that are not destinations, and what they are. */
	static final Set<String> NOT_DESTINATIONS = Set.of("WEBSOCKET_PATH", "APP_PREFIX", "TOPIC_PREFIX", "QUEUE_PREFIX",
			"USER_PREFIX");

	@LocalServerPort
	int port;

	@Autowired
	List<SimpAnnotationMethodMessageHandler> handlers;

	@Autowired
	DestinationPolicy policy;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
	}

	@Test
	void theServedDocumentIsTheCommittedFileAndNeedsNoToken() throws IOException {
		Api.Response yaml = this.api.get("/api/asyncapi.yaml", null);
		assertThat(yaml.status()).isEqualTo(200);
		assertThat(yaml.contentType()).startsWith("application/yaml");
		if (Boolean.getBoolean(WRITE)) {
			Files.writeString(COMMITTED, yaml.body(), StandardCharsets.UTF_8);
		}
		String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
		assertThat(yaml.body())
			.as("docs/asyncapi.yaml is not what the app serves; write it anew with "
					+ "./mvnw test -Dtest=AsyncApiDocumentTests -Dparley.asyncapi.write=true and commit it")
			.isEqualTo(committed);

		Api.Response json = this.api.get("/api/asyncapi.json", null);
		assertThat(json.status()).isEqualTo(200);
		assertThat(json.json()).as("the JSON is the YAML's document").isEqualTo(YAML.readTree(yaml.body()));
	}

	@Test
	void everyDestinationTheHandlersTakeHasAnOperationWithItsPayload() {
		JsonNode document = served();
		int mappings = 0;
		for (SimpAnnotationMethodMessageHandler handler : this.handlers) {
			for (Map.Entry<SimpMessageMappingInfo, HandlerMethod> mapping : handler.getHandlerMethods().entrySet()) {
				boolean subscribe = mapping.getKey()
					.getMessageTypeMessageCondition()
					.getMessageType() == SimpMessageType.SUBSCRIBE;
				for (String prefix : handler.getDestinationPrefixes()) {
					for (String pattern : mapping.getKey().getDestinationConditions().getPatterns()) {
						String address = prefix.replaceAll("/$", "") + "/" + pattern;
						JsonNode operation = operation(document, subscribe ? "receive" : "send", address);
						assertThat(operation).as("an operation %s %s", subscribe ? "SUBSCRIBE" : "SEND", address)
							.isNotNull();
						String payload = payloadRef(document, operation);
						for (MethodParameter parameter : mapping.getValue().getMethodParameters()) {
							if (parameter.hasParameterAnnotation(Payload.class)) {
								assertThat(payload).as("the payload of SEND %s", address)
									.isEqualTo("#/components/schemas/" + parameter.getParameterType().getSimpleName());
							}
						}
						if (subscribe) {
							assertThat(payload).as("the answer to SUBSCRIBE %s", address)
								.isEqualTo("#/components/schemas/"
										+ mapping.getValue().getMethod().getReturnType().getSimpleName());
						}
						mappings++;
					}
				}
			}
		}
		assertThat(mappings).as("handler mappings found").isGreaterThanOrEqualTo(11);
	}

	@Test
	void everyDestinationDestinationsNamesIsAChannel() throws ReflectiveOperationException {
		JsonNode document = served();
		List<String> addresses = addresses(document);
		assertThat(addresses).allMatch((address) -> address.startsWith(Destinations.APP_PREFIX + "/")
				|| address.startsWith(Destinations.TOPIC_PREFIX + "/")
				|| address.startsWith(Destinations.USER_PREFIX + Destinations.QUEUE_PREFIX + "/"));
		assertThat(document.at("/servers/websocket/pathname").asString()).isEqualTo(Destinations.WEBSOCKET_PATH);
		Api.Response sockJs = this.api.get(document.at("/servers/sockjs/pathname").asString() + "/info", null);
		assertThat(sockJs.status()).as("SockJS's info at the documented path").isEqualTo(200);
		assertThat(sockJs.json().has("websocket")).isTrue();
		for (Field field : Destinations.class.getFields()) {
			if (!Modifier.isStatic(field.getModifiers()) || NOT_DESTINATIONS.contains(field.getName())) {
				continue;
			}
			String value = (String) field.get(null);
			String destination = field.getName().endsWith("_QUEUE") ? Destinations.USER_PREFIX + value : value;
			assertThat(addresses)
				.as("Destinations.%s (new ones: document them, or list them here as no destination)", field.getName())
				.contains(destination);
		}
		UUID conversation = UUID.randomUUID();
		UUID document2 = UUID.randomUUID();
		int methods = 0;
		for (Method method : Destinations.class.getMethods()) {
			if (!Modifier.isStatic(method.getModifiers()) || method.getReturnType() != String.class
					|| !List.of(method.getParameterTypes()).stream().allMatch((type) -> type == UUID.class)) {
				continue;
			}
			Object[] ids = (method.getParameterCount() == 1) ? new Object[] { conversation }
					: new Object[] { conversation, document2 };
			String destination = (String) method.invoke(null, ids);
			assertThat(addresses).as("Destinations.%s gives %s", method.getName(), destination)
				.anyMatch((address) -> template(address).matcher(destination).matches());
			methods++;
		}
		assertThat(methods).as("destination methods found").isGreaterThanOrEqualTo(6);
		Set<Channel> channels = EnumSet.noneOf(Channel.class);
		for (String address : addresses) {
			String concrete = concrete(address, conversation, document2);
			Destinations.parse(Destinations.APP_PREFIX, concrete).ifPresent((parsed) -> channels.add(parsed.channel()));
			Destinations.parse(Destinations.TOPIC_PREFIX, concrete)
				.ifPresent((parsed) -> channels.add(parsed.channel()));
		}
		assertThat(channels).as("the conversation channels Destinations knows")
			.containsAll(EnumSet.allOf(Channel.class));
		assertThat(document.at("/components/schemas/ErrorCode/enum").valueStream().map(JsonNode::asString))
			.containsExactlyElementsOf(EnumSet.allOf(ErrorCode.class).stream().map(ErrorCode::name).toList());
	}

	@Test
	void everyChannelIsOneTheDestinationPolicyAllowsToAMemberOrAnAdmin() {
		String alice = Api.newUser("alice");
		UUID conversation = this.api.createConversation(alice);
		UsernamePasswordAuthenticationToken member = UsernamePasswordAuthenticationToken.authenticated(alice, null,
				AuthorityUtils.createAuthorityList("ROLE_USER"));
		// the admin view's figures are an operator's, not a member's
		UsernamePasswordAuthenticationToken admin = UsernamePasswordAuthenticationToken.authenticated("admin", null,
				AuthorityUtils.createAuthorityList("ROLE_ADMIN"));
		JsonNode document = served();
		int checked = 0;
		for (JsonNode operation : document.get("operations")) {
			JsonNode channel = resolve(document, operation.at("/channel/$ref").asString());
			if (channel.get("address").isNull()) {
				continue;
			}
			String address = channel.get("address").asString();
			SimpMessageType type = operation.get("action").asString().equals("send") ? SimpMessageType.MESSAGE
					: SimpMessageType.SUBSCRIBE;
			Verdict verdict = this.policy.decide(address.equals(Destinations.ADMIN_STATS) ? admin : member, type,
					concrete(address, conversation, UUID.randomUUID()));
			assertThat(verdict.granted()).as("%s %s: %s", type, address, verdict.reason()).isTrue();
			checked++;
		}
		assertThat(checked).isGreaterThanOrEqualTo(21);
	}

	@Test
	void theDocumentIsValidAsyncApi300AndEveryReferenceResolves() throws IOException {
		JsonNode document = served();
		assertThat(document.get("asyncapi").asString()).isEqualTo("3.0.0");
		try (InputStream schema = getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
			Schema asyncapi = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schema);
			assertThat(asyncapi.validate(document)).as("errors against the AsyncAPI 3.0.0 schema").isEmpty();
			// and the validator does see a broken document
			JsonNode broken = document.deepCopy();
			((ObjectNode) broken.get("operations").properties().iterator().next().getValue()).put("action", "publish");
			assertThat(asyncapi.validate(broken)).isNotEmpty();
		}
		List<String> refs = new ArrayList<>();
		collectRefs(document, refs);
		assertThat(refs).hasSizeGreaterThan(50);
		for (String ref : refs) {
			assertThat(resolve(document, ref)).as(ref).isNotNull();
		}
		for (Map.Entry<String, JsonNode> operation : document.get("operations").properties()) {
			String channel = operation.getValue().at("/channel/$ref").asString();
			assertThat(channel).as(operation.getKey()).startsWith("#/channels/");
			// AsyncAPI: an operation's messages are its channel's
			for (JsonNode message : operation.getValue().get("messages")) {
				assertThat(message.get("$ref").asString()).as(operation.getKey()).startsWith(channel + "/messages/");
			}
			assertThat(operation.getValue().get("messages")).as(operation.getKey()).isNotEmpty();
		}
	}

	@Test
	void whatTheServerSendsMatchesTheDocumentedSchemas() {
		JsonNode document = served();
		String alice = Api.newUser("alice");
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(Api.token(alice))) {
			Subscription conversations = session.subscribe("/user/queue/conversations");
			UUID id = this.api.createConversation(alice);
			String topic = Destinations.messagesTopic(id);
			Subscription messages = session.subscribe(topic);
			Subscription typing = session.subscribe(Destinations.typingTopic(id));
			Subscription reads = session.subscribe(Destinations.readTopic(id));
			assertMatches(document, "ConversationEvent", conversations.nextJson());

			Receipt sent = session.sendWithReceipt("/app/conversation." + id + ".send", Map.of("content", "hi"));
			sent.await();
			assertHeaders(document, "SendMessageReceipt", sent.headers());
			JsonNode message = messages.nextJson();
			assertMatches(document, "ChatMessage", message);
			String messageId = message.get("id").asString();
			session
				.sendWithReceipt("/app/conversation." + id + ".edit", Map.of("messageId", messageId, "content", "hey"))
				.await();
			assertMatches(document, "MessageEdited", messages.nextJson());
			session
				.sendWithReceipt("/app/conversation." + id + ".react",
						Map.of("messageId", messageId, "emoji", "👍", "on", true))
				.await();
			assertMatches(document, "Reaction", messages.nextJson());
			session.sendWithReceipt("/app/conversation." + id + ".delete", Map.of("messageId", messageId)).await();
			assertMatches(document, "MessageDeleted", messages.nextJson());

			session.send("/app/conversation." + id + ".typing", Map.of("typing", true));
			assertMatches(document, "TypingEvent", typing.nextJson());
			session.sendWithReceipt("/app/conversation." + id + ".read", Map.of("seq", 4)).await();
			assertMatches(document, "ReadState", conversations.nextJson());
			assertMatches(document, "ReadEvent", reads.nextJson());
			assertMatches(document, "PresenceSnapshot",
					session.subscribe("/app/conversation." + id + ".presence").nextJson());

			Subscription errors = session.errors();
			session.send("/app/conversation." + id + ".send", Map.of("content", " "));
			assertMatches(document, "StompError", errors.nextJson());
		}
	}

	/** The document the app serves (which the first test holds to the committed file). */
	private JsonNode served() {
		Api.Response response = this.api.get("/api/asyncapi.yaml", null);
		assertThat(response.status()).isEqualTo(200);
		return YAML.readTree(response.body());
	}

	/** The payload is valid against the schema of the message of that name. */
	private static void assertMatches(JsonNode document, String message, JsonNode payload) {
		Schema schema = schema(document, "#/components/messages/" + message + "/payload");
		assertThat(schema.validate(payload)).as("%s %s", message, payload).isEmpty();
		// the schema does refuse what is not one
		assertThat(schema.validate(YAML.createObjectNode())).as(message).isNotEmpty();
	}

	/** The frame has every header the message's schema requires, as it describes them. */
	private static void assertHeaders(JsonNode document, String message, StompHeaders headers) {
		ObjectNode values = YAML.createObjectNode();
		headers.toSingleValueMap().forEach(values::put);
		Schema schema = schema(document, "#/components/messages/" + message + "/headers");
		assertThat(schema.validate(values)).as("%s %s", message, headers).isEmpty();
		assertThat(schema.validate(YAML.createObjectNode())).as(message).isNotEmpty();
	}

	/** A JSON Schema of the document's, with its references into the document. */
	private static Schema schema(JsonNode document, String pointer) {
		assertThat(resolve(document, pointer)).as(pointer).isNotNull();
		ObjectNode root = YAML.createObjectNode();
		root.put("$ref", pointer);
		root.set("components", document.get("components"));
		return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(root);
	}

	private static List<String> addresses(JsonNode document) {
		return document.get("channels")
			.valueStream()
			.filter((channel) -> channel.get("address").isString())
			.map((channel) -> channel.get("address").asString())
			.toList();
	}

	/** The operation with this action on the channel with this address, or null. */
	private static JsonNode operation(JsonNode document, String action, String address) {
		for (JsonNode operation : document.get("operations")) {
			JsonNode channel = resolve(document, operation.at("/channel/$ref").asString());
			if (operation.get("action").asString().equals(action) && channel != null
					&& address.equals(channel.path("address").asString(null))) {
				return operation;
			}
		}
		return null;
	}

	/** The $ref of the payload of the operation's one message. */
	private static String payloadRef(JsonNode document, JsonNode operation) {
		assertThat(operation.get("messages")).hasSize(1);
		JsonNode message = resolve(document,
				resolve(document, operation.at("/messages/0/$ref").asString()).get("$ref").asString());
		return message.at("/payload/$ref").asString(null);
	}

	private static JsonNode resolve(JsonNode document, String ref) {
		assertThat(ref).startsWith("#/");
		JsonNode node = document.at(ref.substring(1));
		return node.isMissingNode() ? null : node;
	}

	private static void collectRefs(JsonNode node, List<String> refs) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				if (property.getKey().equals("$ref")) {
					refs.add(property.getValue().asString());
				}
				else {
					collectRefs(property.getValue(), refs);
				}
			}
		}
		else if (node.isArray()) {
			node.forEach((item) -> collectRefs(item, refs));
		}
	}

	/** An address whose variables match any id. */
	private static Pattern template(String address) {
		StringBuilder regex = new StringBuilder();
		for (String part : address.split("(?=\\{)|(?<=\\})")) {
			regex.append(part.startsWith("{") ? "[^./]+" : Pattern.quote(part));
		}
		return Pattern.compile(regex.toString());
	}

	private static String concrete(String address, UUID conversation, UUID document) {
		return address.replace("{id}", conversation.toString()).replace("{docId}", document.toString());
	}

}
