package dev.parley.asyncapi;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/asyncapi.yaml} and {@code GET /api/asyncapi.json}: the AsyncAPI
 * document of the STOMP API ({@link AsyncApiDocument}), open to anyone, as the wire API
 * it describes is public (docs/api.md). The YAML is what {@code docs/asyncapi.yaml}
 * holds, byte for byte.
 */
@RestController
class AsyncApiController {

	static final MediaType YAML = new MediaType("application", "yaml", java.nio.charset.StandardCharsets.UTF_8);

	/**
	 * Block style, quotes only where YAML needs them (and on text that reads as a
	 * number), multi-line text as literal blocks: the file reads like one written by
	 * hand.
	 */
	private static final YAMLMapper YAML_MAPPER = YAMLMapper.builder()
		.enable(YAMLWriteFeature.MINIMIZE_QUOTES)
		.enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
		.enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
		.disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
		.disable(YAMLWriteFeature.SPLIT_LINES)
		.build();

	private static final JsonMapper JSON_MAPPER = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.build();

	private final AsyncApiDocument document;

	AsyncApiController(AsyncApiDocument document) {
		this.document = document;
	}

	@GetMapping("/api/asyncapi.yaml")
	ResponseEntity<byte[]> yaml() throws JacksonException {
		return ResponseEntity.ok().contentType(YAML).body(YAML_MAPPER.writeValueAsBytes(this.document.get()));
	}

	@GetMapping("/api/asyncapi.json")
	ResponseEntity<byte[]> json() throws JacksonException {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(JSON_MAPPER.writeValueAsBytes(this.document.get()));
	}

}
