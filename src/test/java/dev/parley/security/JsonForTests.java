package dev.parley.security;

import java.util.Map;

import io.jsonwebtoken.io.AbstractSerializer;
import tools.jackson.databind.json.JsonMapper;

/** jjwt's JSON plug-in for tests that build their own tokens. */
final class JsonForTests {

	private JsonForTests() {
	}

	static AbstractSerializer<Map<String, ?>> serializer() {
		return new JacksonJwtJson(JsonMapper.builder().build()).serializer();
	}

}
