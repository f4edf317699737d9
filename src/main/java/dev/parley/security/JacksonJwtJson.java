package dev.parley.security;

import java.io.OutputStream;
import java.io.Reader;
import java.util.Map;

import io.jsonwebtoken.io.AbstractDeserializer;
import io.jsonwebtoken.io.AbstractSerializer;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * jjwt's JSON plug-in on the application's Jackson 3 mapper; jjwt-jackson would bring
 * Jackson 2 onto the class path.
 */
final class JacksonJwtJson {

	private static final TypeReference<Map<String, ?>> MAP = new TypeReference<>() {
	};

	private final JsonMapper mapper;

	JacksonJwtJson(JsonMapper mapper) {
		this.mapper = mapper;
	}

	AbstractSerializer<Map<String, ?>> serializer() {
		return new AbstractSerializer<>() {
			@Override
			protected void doSerialize(Map<String, ?> value, OutputStream out) {
				JacksonJwtJson.this.mapper.writeValue(out, value);
			}
		};
	}

	AbstractDeserializer<Map<String, ?>> deserializer() {
		return new AbstractDeserializer<>() {
			@Override
			protected Map<String, ?> doDeserialize(Reader reader) {
				return JacksonJwtJson.this.mapper.readValue(reader, MAP);
			}
		};
	}

}
