package dev.parley.asyncapi;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.parley.stomp.Required;

/**
 * JSON Schemas of wire payloads, made from their Java types: records (Parley's payloads
 * all are) become objects with their components as properties, in the order Jackson
 * writes them, and go into {@link #schemas()} under their simple class name, as do enums;
 * a payload refers to them with {@code $ref}. A type it does not know fails loudly, so
 * that no field goes undocumented.
 * <p>
 * What is required and what may be null follows from the type and from the direction:
 * <ul>
 * <li>a client's payload: a component is required when it is not {@code @Nullable} or is
 * marked {@link Required} (which the handler enforces); an optional one may be null;</li>
 * <li>the server's payload: a component that is not {@code @Nullable} is always there; a
 * {@code @Nullable} one is absent when null, unless {@code @JsonInclude(ALWAYS)} (on it
 * or its record) writes it as null, as Jackson does with the app's default inclusion
 * ({@code spring.jackson.default-property-inclusion: non_null}).</li>
 * </ul>
 */
final class PayloadSchemas {

	/** Who writes a payload. */
	enum Direction {

		/** Sent by clients, read by the server. */
		CLIENT,

		/** Written by the server. */
		SERVER

	}

	static final String SCHEMAS_REF = "#/components/schemas/";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final SortedMap<String, ObjectNode> schemas = new TreeMap<>();

	private final Map<String, Class<?>> classes = new HashMap<>();

	private final Map<String, Direction> directions = new HashMap<>();

	private final JsonInclude.Include defaultInclusion;

	/**
	 * @param defaultInclusion how the app's JSON mapper writes null properties by default
	 */
	PayloadSchemas(JsonInclude.Include defaultInclusion) {
		this.defaultInclusion = defaultInclusion;
	}

	/** The schemas defined so far, by name. */
	SortedMap<String, ObjectNode> schemas() {
		return this.schemas;
	}

	/**
	 * The schema of a payload of this type: a {@code $ref} for records and enums (defined
	 * on the way), the schema itself for anything else.
	 */
	ObjectNode schema(Type type, Direction direction) {
		Class<?> raw = raw(type);
		if (raw == String.class || raw == CharSequence.class) {
			return leaf("string", null);
		}
		if (raw == UUID.class) {
			return leaf("string", "uuid");
		}
		if (raw == Instant.class || raw == OffsetDateTime.class) {
			return leaf("string", "date-time");
		}
		if (raw == long.class || raw == Long.class) {
			return leaf("integer", "int64");
		}
		if (raw == int.class || raw == Integer.class) {
			return leaf("integer", "int32");
		}
		if (raw == boolean.class || raw == Boolean.class) {
			return leaf("boolean", null);
		}
		if (raw == double.class || raw == Double.class) {
			return leaf("number", null);
		}
		if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
			// any JSON value
			return NODES.objectNode();
		}
		if (Collection.class.isAssignableFrom(raw)) {
			ObjectNode array = leaf("array", null);
			array.set("items", schema(typeArgument(type, 0), direction));
			return array;
		}
		if (Map.class.isAssignableFrom(raw)) {
			ObjectNode object = leaf("object", null);
			object.set("additionalProperties", schema(typeArgument(type, 1), direction));
			return object;
		}
		if (raw.isEnum()) {
			return ref(define(raw, null, this::enumSchema));
		}
		if (raw.isRecord()) {
			return ref(define(raw, direction, (record) -> recordSchema(record, direction)));
		}
		throw new IllegalStateException("No JSON Schema for " + type.getTypeName() + ": records, enums and "
				+ "the types PayloadSchemas lists are described; add this one there");
	}

	/** The name under which a record or enum's schema is defined. */
	static String name(Class<?> type) {
		return type.getSimpleName();
	}

	/**
	 * Make a server payload's {@code type} property a constant, as the {@code type} of
	 * the message it is.
	 */
	void constantType(Class<?> record, String value) {
		ObjectNode schema = Objects.requireNonNull(this.schemas.get(name(record)), () -> name(record) + " undefined");
		ObjectNode property = (ObjectNode) schema.path("properties").get("type");
		if (property == null) {
			throw new IllegalStateException(record.getName() + " has no type property for its type '" + value + "'");
		}
		property.put("const", value);
	}

	private String define(Class<?> type, @Nullable Direction direction,
			java.util.function.Function<Class<?>, ObjectNode> schema) {
		String name = name(type);
		Class<?> known = this.classes.get(name);
		if (known != null && known != type) {
			throw new IllegalStateException(
					"Two payload types are named " + name + ": " + known.getName() + " and " + type.getName());
		}
		if (known != null) {
			if (direction != null && this.directions.get(name) != direction) {
				// their schemas would differ on what is required and what may be null
				throw new IllegalStateException(type.getName() + " is both a client's and the server's payload");
			}
			return name;
		}
		this.classes.put(name, type);
		if (direction != null) {
			this.directions.put(name, direction);
		}
		// put before it is made, so that a record that refers to itself ends
		this.schemas.put(name, NODES.objectNode());
		this.schemas.put(name, schema.apply(type));
		return name;
	}

	private ObjectNode recordSchema(Class<?> record, Direction direction) {
		ObjectNode schema = leaf("object", null);
		ObjectNode properties = schema.putObject("properties");
		ArrayNode required = NODES.arrayNode();
		JsonInclude recordInclusion = record.getAnnotation(JsonInclude.class);
		for (RecordComponent component : record.getRecordComponents()) {
			if (component.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
				continue;
			}
			String name = propertyName(component);
			ObjectNode property = schema(component.getGenericType(), direction);
			boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
			boolean isRequired;
			boolean nullAllowed;
			if (direction == Direction.CLIENT) {
				isRequired = !nullable || component.isAnnotationPresent(Required.class);
				nullAllowed = !isRequired;
			}
			else {
				boolean writtenWhenNull = nullable
						&& inclusion(component, recordInclusion) == JsonInclude.Include.ALWAYS;
				isRequired = !nullable || writtenWhenNull;
				nullAllowed = writtenWhenNull;
			}
			properties.set(name, nullAllowed ? orNull(property) : property);
			if (isRequired) {
				required.add(name);
			}
		}
		if (!required.isEmpty()) {
			schema.set("required", required);
		}
		return schema;
	}

	/** The property's name as Jackson writes and reads it. */
	private static String propertyName(RecordComponent component) {
		JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
		return (property != null && !property.value().isEmpty()) ? property.value() : component.getName();
	}

	private JsonInclude.Include inclusion(RecordComponent component, @Nullable JsonInclude recordInclusion) {
		JsonInclude own = component.getAccessor().getAnnotation(JsonInclude.class);
		if (own != null && own.value() != JsonInclude.Include.USE_DEFAULTS) {
			return own.value();
		}
		if (recordInclusion != null && recordInclusion.value() != JsonInclude.Include.USE_DEFAULTS) {
			return recordInclusion.value();
		}
		return this.defaultInclusion;
	}

	private ObjectNode enumSchema(Class<?> type) {
		ObjectNode schema = leaf("string", null);
		ArrayNode values = schema.putArray("enum");
		Method wire = wireValue(type);
		for (Object constant : type.getEnumConstants()) {
			try {
				values.add((wire != null) ? String.valueOf(wire.invoke(constant)) : ((Enum<?>) constant).name());
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Cannot read the JSON value of " + constant, ex);
			}
		}
		return schema;
	}

	/** The method Jackson writes an enum's constants with, if not their names. */
	private static @Nullable Method wireValue(Class<?> type) {
		for (Method method : type.getDeclaredMethods()) {
			JsonValue annotation = method.getAnnotation(JsonValue.class);
			if (annotation != null && annotation.value() && method.getParameterCount() == 0) {
				method.setAccessible(true);
				return method;
			}
		}
		return null;
	}

	/** The schema, or null. */
	private static ObjectNode orNull(ObjectNode schema) {
		if (schema.isEmpty()) {
			// any JSON value, null included
			return schema;
		}
		if (schema.path("type").isString()) {
			ObjectNode copy = schema.deepCopy();
			copy.putArray("type").add(schema.get("type").asString()).add("null");
			return copy;
		}
		ObjectNode either = NODES.objectNode();
		either.putArray("oneOf").add(schema).add(leaf("null", null));
		return either;
	}

	private static ObjectNode leaf(String type, @Nullable String format) {
		ObjectNode schema = NODES.objectNode();
		schema.put("type", type);
		if (format != null) {
			schema.put("format", format);
		}
		return schema;
	}

	private static ObjectNode ref(String name) {
		ObjectNode ref = NODES.objectNode();
		ref.put("$ref", SCHEMAS_REF + name);
		return ref;
	}

	private static Class<?> raw(Type type) {
		if (type instanceof Class<?> clazz) {
			return clazz;
		}
		if (type instanceof ParameterizedType parameterized) {
			return (Class<?>) parameterized.getRawType();
		}
		// wildcards and type variables: Parley's payloads have none
		throw new IllegalStateException("No JSON Schema for " + type.getTypeName());
	}

	private static Type typeArgument(Type type, int index) {
		if (type instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments().length > index) {
			return parameterized.getActualTypeArguments()[index];
		}
		return Object.class;
	}

}
