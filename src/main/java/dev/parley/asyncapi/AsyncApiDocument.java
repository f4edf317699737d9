package dev.parley.asyncapi;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.parley.asyncapi.HandledDestinations.Handled;
import dev.parley.asyncapi.HandledDestinations.HeaderParameter;
import dev.parley.asyncapi.OutboundPayloads.Marked;
import dev.parley.asyncapi.PayloadSchemas.Direction;
import dev.parley.errors.ErrorCode;
import dev.parley.stomp.Destinations;
import dev.parley.stomp.Outbound;
import dev.parley.stomp.ReceiptHeader;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.simp.annotation.support.SimpAnnotationMethodMessageHandler;
import org.springframework.stereotype.Component;

/**
 * The AsyncAPI 3.0.0 document of the STOMP API, assembled from the running app: a channel
 * for every {@code /app} destination its handlers take (with a {@code send} operation, or
 * {@code receive} for a {@code @SubscribeMapping}, whose answer is the message) and for
 * every destination an {@link Outbound} payload goes to (with a {@code receive}
 * operation); messages with the JSON Schemas of their payloads ({@link PayloadSchemas}),
 * the STOMP headers handlers read and the headers of the RECEIPT that answers them
 * ({@link ReceiptHeader}); the error codes; the servers and the CONNECT authentication.
 * Texts come from {@link WireTexts}.
 * <p>
 * Made once, on first use (the handlers are all registered by then). Every map in it is
 * in a fixed order, so that the same code gives the same document byte for byte.
 */
@Component
class AsyncApiDocument {

	static final String ASYNCAPI = "3.0.0";

	/** The channel of RECEIPT frames (which have no destination). */
	static final String RECEIPT_CHANNEL = "receipt";

	/** The channel of ERROR frames (which have no destination). */
	static final String ERROR_CHANNEL = "error";

	private static final String SECURITY_SCHEME = "bearer";

	private static final String SOCKJS_PATH = "/sockjs";

	private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)\\}");

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final ObjectProvider<SimpAnnotationMethodMessageHandler> handlers;

	private final ObjectProvider<BuildProperties> build;

	private final JsonInclude.Include defaultInclusion;

	private volatile @Nullable ObjectNode document;

	AsyncApiDocument(ObjectProvider<SimpAnnotationMethodMessageHandler> handlers, ObjectProvider<BuildProperties> build,
			JsonMapper jsonMapper) {
		this.handlers = handlers;
		this.build = build;
		this.defaultInclusion = jsonMapper.serializationConfig().getDefaultPropertyInclusion().getValueInclusion();
	}

	/** The document (not to be changed). */
	ObjectNode get() {
		ObjectNode made = this.document;
		if (made == null) {
			synchronized (this) {
				made = this.document;
				if (made == null) {
					made = new Assembly(this.defaultInclusion).document(
							HandledDestinations.of(this.handlers.orderedStream().toList()), OutboundPayloads.find(),
							version());
					this.document = made;
				}
			}
		}
		return made;
	}

	private String version() {
		BuildProperties properties = this.build.getIfAvailable();
		String version = (properties != null) ? properties.getVersion() : null;
		return (version != null) ? version : "unknown";
	}

	/** One assembly of the document. */
	private static final class Assembly {

		private final PayloadSchemas schemas;

		private final SortedMap<String, Channel> channels = new TreeMap<>();

		private final SortedMap<String, ObjectNode> messages = new TreeMap<>();

		private final SortedMap<String, ObjectNode> operations = new TreeMap<>();

		Assembly(JsonInclude.Include defaultInclusion) {
			this.schemas = new PayloadSchemas(defaultInclusion);
		}

		ObjectNode document(List<Handled> handled, List<Marked> outbound, String version) {
			Channel receipts = channel(RECEIPT_CHANNEL, null, WireTexts.RECEIPT);
			message(receipts, "Receipt", receipt("Receipt", null));
			for (Handled destination : handled) {
				if (destination.subscribe()) {
					answered(destination);
				}
				else {
					sent(destination, receipts);
				}
			}
			for (Marked marked : outbound) {
				for (String address : marked.outbound().value()) {
					message(channel(address), marked.name(), serverMessage(marked.payload(), marked.outbound()));
				}
			}
			for (Channel channel : this.channels.values()) {
				if (channel.address != null && !channel.address.startsWith(Destinations.APP_PREFIX + "/")) {
					operation("receive", channel, "SUBSCRIBE " + channel.address, null);
				}
			}
			Channel errors = channel(ERROR_CHANNEL, null, WireTexts.ERROR_FRAME);
			message(errors, "ErrorFrame", errorFrame());
			operation("receive", errors, "ERROR frames", null);
			describeErrorCodes();

			ObjectNode document = NODES.objectNode();
			document.put("asyncapi", ASYNCAPI);
			ObjectNode info = document.putObject("info");
			info.put("title", "Parley");
			info.put("version", version);
			info.put("description", WireTexts.INFO);
			document.put("defaultContentType", "application/json");
			ObjectNode servers = document.putObject("servers");
			server(servers.putObject("websocket"), Destinations.WEBSOCKET_PATH, "Native WebSocket",
					WireTexts.WEBSOCKET);
			server(servers.putObject("sockjs"), SOCKJS_PATH, "SockJS", WireTexts.SOCKJS);
			ObjectNode channels = document.putObject("channels");
			this.channels.forEach((id, channel) -> channels.set(id, channel.node()));
			ObjectNode operations = document.putObject("operations");
			this.operations.forEach(operations::set);
			ObjectNode components = document.putObject("components");
			ObjectNode schemas = components.putObject("schemas");
			this.schemas.schemas().forEach(schemas::set);
			ObjectNode messages = components.putObject("messages");
			this.messages.forEach(messages::set);
			ObjectNode bearer = components.putObject("securitySchemes").putObject(SECURITY_SCHEME);
			bearer.put("type", "http");
			bearer.put("scheme", "bearer");
			bearer.put("bearerFormat", "JWT");
			bearer.put("description", WireTexts.BEARER);
			return document;
		}

		/** A SEND to {@code /app}, answered by a RECEIPT. */
		private void sent(Handled destination, Channel receipts) {
			Channel channel = channel(destination.address());
			MethodParameter payload = destination.payload();
			String name = (payload != null) ? PayloadSchemas.name(payload.getParameterType())
					: upperCamel(words(destination.address().substring(Destinations.APP_PREFIX.length())));
			ObjectNode message = NODES.objectNode();
			message.put("name", name);
			message.set("headers", sendHeaders(destination.headers()));
			if (payload != null) {
				message.put("contentType", "application/json");
				message.set("payload", this.schemas.schema(payload.getGenericParameterType(), Direction.CLIENT));
			}
			message(channel, name, message);
			ReceiptHeader header = destination.method().getMethodAnnotation(ReceiptHeader.class);
			String receipt = (header != null) ? name + "Receipt" : "Receipt";
			if (header != null) {
				message(receipts, receipt, receipt(receipt, header));
			}
			ObjectNode reply = NODES.objectNode();
			reply.set("channel", ref("#/channels/" + receipts.id));
			reply.putArray("messages").add(ref("#/channels/" + receipts.id + "/messages/" + receipt));
			ObjectNode operation = operation("send", channel, "SEND " + destination.address(), reply);
			operation.put("x-parley-handler", destination.source());
		}

		/** A SUBSCRIBE to {@code /app}, answered once with the handler's value. */
		private void answered(Handled destination) {
			Channel channel = channel(destination.address());
			Type answer = destination.answer();
			Class<?> type = ResolvableType.forType(answer).toClass();
			Outbound outbound = type.getAnnotation(Outbound.class);
			String name = (outbound != null && !outbound.name().isEmpty()) ? outbound.name()
					: PayloadSchemas.name(type);
			message(channel, name, serverMessage(answer, outbound));
			ObjectNode operation = operation("receive", channel, "SUBSCRIBE " + destination.address(), null);
			operation.put("description", "Answered once, to that subscription, with the handler's value.");
			operation.put("x-parley-handler", destination.source());
		}

		private ObjectNode serverMessage(Type payload, @Nullable Outbound outbound) {
			ObjectNode message = NODES.objectNode();
			Class<?> type = ResolvableType.forType(payload).toClass();
			message.put("name",
					(outbound != null && !outbound.name().isEmpty()) ? outbound.name() : PayloadSchemas.name(type));
			if (outbound != null) {
				message.put("summary", outbound.summary());
			}
			message.put("contentType", "application/json");
			message.set("payload", this.schemas.schema(payload, Direction.SERVER));
			if (outbound != null && !outbound.type().isEmpty()) {
				this.schemas.constantType(type, outbound.type());
			}
			return message;
		}

		private ObjectNode sendHeaders(List<HeaderParameter> headers) {
			ObjectNode schema = NODES.objectNode();
			schema.put("type", "object");
			ObjectNode properties = schema.putObject("properties");
			properties.set("receipt", described(string(), WireTexts.RECEIPT_HEADER));
			ArrayNode required = NODES.arrayNode();
			for (HeaderParameter header : headers) {
				String description = WireTexts.HEADERS.get(header.name());
				if (description == null) {
					throw new IllegalStateException(
							"No description of the STOMP header " + header.name() + " in WireTexts.HEADERS");
				}
				properties.set(header.name(), described(string(), description));
				if (header.required()) {
					required.add(header.name());
				}
			}
			if (!required.isEmpty()) {
				schema.set("required", required);
			}
			return schema;
		}

		private static ObjectNode receipt(String name, @Nullable ReceiptHeader header) {
			ObjectNode message = NODES.objectNode();
			message.put("name", name);
			message.put("summary", (header != null) ? "RECEIPT with " + header.name() : "RECEIPT");
			ObjectNode headers = message.putObject("headers");
			headers.put("type", "object");
			ArrayNode required = headers.putArray("required").add("receipt-id");
			ObjectNode properties = headers.putObject("properties");
			properties.set("receipt-id", described(string(), WireTexts.RECEIPT_ID));
			if (header != null) {
				ObjectNode value = described(string(), header.description());
				value.put("pattern", "^[0-9]+$");
				properties.set(header.name(), value);
				if (header.always()) {
					required.add(header.name());
				}
			}
			return message;
		}

		private static ObjectNode errorFrame() {
			ObjectNode message = NODES.objectNode();
			message.put("name", "ErrorFrame");
			message.put("summary", "ERROR: the connection is closed");
			message.put("contentType", "text/plain");
			ObjectNode headers = message.putObject("headers");
			headers.put("type", "object");
			headers.putArray("required").add("message");
			headers.putObject("properties").set("message", described(string(), WireTexts.ERROR_MESSAGE_HEADER));
			message.set("payload", string());
			return message;
		}

		/** The error codes' meanings, on the schema of the code. */
		private void describeErrorCodes() {
			ObjectNode schema = this.schemas.schemas().get(PayloadSchemas.name(ErrorCode.class));
			if (schema == null) {
				throw new IllegalStateException("No payload carries an ErrorCode: is StompError still @Outbound?");
			}
			StringBuilder description = new StringBuilder("What went wrong:\n");
			for (ErrorCode code : ErrorCode.values()) {
				String meaning = WireTexts.ERROR_CODES.get(code);
				if (meaning == null) {
					throw new IllegalStateException("No description of the error code " + code + " in WireTexts");
				}
				description.append("\n- `").append(code).append("`: ").append(meaning);
			}
			schema.put("description", description.append('\n').toString());
		}

		private static void server(ObjectNode server, String path, String title, String description) {
			server.put("host", "{host}");
			server.put("protocol", "stomp");
			server.put("protocolVersion", "1.2");
			server.put("pathname", path);
			server.put("title", title);
			server.put("description", description);
			ObjectNode host = server.putObject("variables").putObject("host");
			host.put("default", "localhost:8080");
			host.put("description", WireTexts.HOST);
			server.putArray("security").add(ref("#/components/securitySchemes/" + SECURITY_SCHEME));
		}

		private Channel channel(String address) {
			String description = WireTexts.CHANNELS.get(address);
			if (description == null) {
				throw new IllegalStateException("No description of " + address + " in WireTexts.CHANNELS: add one");
			}
			return channel(String.join(".", words(address)), address, description);
		}

		private Channel channel(String id, @Nullable String address, String description) {
			Channel channel = this.channels.computeIfAbsent(id, (key) -> new Channel(key, address, description));
			if (!Objects.equals(channel.address, address)) {
				throw new IllegalStateException(
						"Channels " + channel.address + " and " + address + " would both be named " + id);
			}
			return channel;
		}

		private void message(Channel channel, String name, ObjectNode message) {
			ObjectNode known = this.messages.putIfAbsent(name, message);
			if (known != null && !known.equals(message)) {
				throw new IllegalStateException("Two different messages are named " + name);
			}
			channel.messages.add(name);
		}

		private ObjectNode operation(String action, Channel channel, String summary, @Nullable ObjectNode reply) {
			ObjectNode operation = NODES.objectNode();
			operation.put("action", action);
			operation.set("channel", ref("#/channels/" + channel.id));
			operation.put("summary", summary);
			ArrayNode messages = operation.putArray("messages");
			for (String message : channel.messages) {
				messages.add(ref("#/channels/" + channel.id + "/messages/" + message));
			}
			if (reply != null) {
				operation.set("reply", reply);
			}
			String id = action + upperCamel(channel.id.split("\\."));
			if (this.operations.putIfAbsent(id, operation) != null) {
				throw new IllegalStateException("Two operations are named " + id);
			}
			return operation;
		}

		private static String[] words(String address) {
			List<String> words = new ArrayList<>();
			for (String word : address.split("[/.]")) {
				if (!word.isEmpty() && !word.startsWith("{")) {
					words.add(word);
				}
			}
			return words.toArray(String[]::new);
		}

		private static String upperCamel(String[] words) {
			StringBuilder camel = new StringBuilder();
			for (String word : words) {
				camel.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
			}
			return camel.toString();
		}

		private static ObjectNode string() {
			ObjectNode schema = NODES.objectNode();
			schema.put("type", "string");
			return schema;
		}

		private static ObjectNode described(ObjectNode schema, String description) {
			schema.put("description", description);
			return schema;
		}

		private static ObjectNode ref(String pointer) {
			ObjectNode ref = NODES.objectNode();
			ref.put("$ref", pointer);
			return ref;
		}

	}

	/** A channel as it is being made. */
	private static final class Channel {

		final String id;

		final @Nullable String address;

		final String description;

		final SortedSet<String> messages = new TreeSet<>();

		Channel(String id, @Nullable String address, String description) {
			this.id = id;
			this.address = address;
			this.description = description;
		}

		ObjectNode node() {
			ObjectNode node = NODES.objectNode();
			if (this.address != null) {
				node.put("address", this.address);
			}
			else {
				// AsyncAPI: an address that is unknown or dynamic; these frames have none
				node.putNull("address");
			}
			node.put("description", this.description);
			if (this.address != null) {
				Matcher variable = VARIABLE.matcher(this.address);
				ObjectNode parameters = NODES.objectNode();
				while (variable.find()) {
					String description = WireTexts.PARAMETERS.get(variable.group(1));
					if (description == null) {
						throw new IllegalStateException("No description of the destination variable {"
								+ variable.group(1) + "} in WireTexts.PARAMETERS");
					}
					parameters.putObject(variable.group(1)).put("description", description);
				}
				if (!parameters.isEmpty()) {
					node.set("parameters", parameters);
				}
			}
			ObjectNode messages = node.putObject("messages");
			for (String message : this.messages) {
				messages.set(message, Assembly.ref("#/components/messages/" + message));
			}
			return node;
		}

	}

}
