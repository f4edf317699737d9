package dev.parley.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.documents.TextOp.Component;
import dev.parley.documents.TextOp.Delete;
import dev.parley.documents.TextOp.Insert;
import dev.parley.documents.TextOp.Side;
import dev.parley.documents.TextOp.Skip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The text type: ot-text-unicode's own transform vectors, its JSON form and checks, and
 * the properties convergence rests on, over random documents and ops with characters
 * outside the Basic Multilingual Plane: transform satisfies TP1, compose agrees with
 * applying in turn, positions count code points, and every answer is the reference
 * implementation's.
 */
class TextOpTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** Characters to build documents and inserts from, two of them outside the BMP. */
	private static final String[] ALPHABET = { "a", "b", "c", " ", "\n", "é", "😀", "𝄞" };

	private static final int ROUNDS = 20_000;

	@Test
	void passesOtTextUnicodesTransformVectors() throws IOException {
		List<String> lines;
		try (InputStream in = getClass().getResourceAsStream("text-transform-tests.json")) {
			lines = new ArrayList<>(Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
		}
		int vectors = 0;
		while (lines.size() >= 4) {
			TextOp op = legacy(lines.remove(0));
			TextOp other = legacy(lines.remove(0));
			Side side = Side.valueOf(lines.remove(0).toUpperCase());
			TextOp expected = legacy(lines.remove(0));
			assertThat(op.transform(other, side)).as("%s transformed by %s, %s", op, other, side).isEqualTo(expected);
			vectors++;
		}
		assertThat(vectors).isEqualTo(46);
	}

	@Test
	void readsAndWritesTheJsonForm() {
		TextOp op = TextOp.fromJson(json.readValue("[3, \"hi 😀\", 5, {\"d\": 8}]", List.class));
		assertThat(op.components()).containsExactly(new Skip(3), new Insert("hi 😀"), new Skip(5), new Delete(8));
		assertThat(json.writeValueAsString(op.toJson())).isEqualTo("[3,\"hi 😀\",5,{\"d\":8}]");
		// the invertible form of a delete counts the deleted text's characters
		assertThat(TextOp.fromJson(json.readValue("[{\"d\": \"a😀b\"}]", List.class)).components())
			.containsExactly(new Delete(3));
		assertThat(TextOp.fromJson(List.of()).isNoop()).isTrue();
	}

	@Test
	void refusesWhatIsNotANormalOp() {
		for (String bad : List.of("{}", "\"abc\"", "[0, \"a\"]", "[-1, \"a\"]", "[1.5, \"a\"]", "[\"\"]",
				"[{\"d\": 0}]", "[{\"d\": -2}]", "[{\"d\": true}]", "[{\"x\": 1}]", "[{\"d\": 1, \"x\": 1}]", "[null]",
				"[true]", "[[1]]", "[1, 2, \"a\"]", "[\"a\", \"b\"]", "[{\"d\": 1}, {\"d\": 1}]", "[\"a\", 3]",
				"[1e12, \"a\"]")) {
			Object parsed = json.readValue(bad, Object.class);
			assertThatIllegalArgumentException().as(bad).isThrownBy(() -> TextOp.fromJson(parsed));
		}
	}

	@Test
	void appliesInCodePoints() {
		TextOp op = TextOp.fromJson(List.of(2, "x", 1, Map.of("d", 1)));
		assertThat(op.apply("😀𝄞ab")).isEqualTo("😀𝄞xa");
		assertThat(op.minimumLength()).isEqualTo(4);
		assertThatIllegalArgumentException().isThrownBy(() -> op.apply("😀𝄞a"))
			.withMessageContaining("past the end of the document (3 characters)");
		assertThatIllegalArgumentException().isThrownBy(() -> TextOp.fromJson(List.of(5, "x")).apply("abc"));
		assertThat(TextOp.fromJson(List.of(3, "!")).apply("abc")).isEqualTo("abc!");
	}

	@Test
	void transformPositionMovesCursorsPastEditsBeforeThem() {
		TextOp op = TextOp.fromJson(List.of(1, "😀😀", 2, Map.of("d", 3)));
		assertThat(op.transformPosition(0)).isEqualTo(0);
		// an insert at the cursor goes after it
		assertThat(op.transformPosition(1)).isEqualTo(1);
		assertThat(op.transformPosition(2)).isEqualTo(4);
		assertThat(op.transformPosition(3)).isEqualTo(5);
		// in a deleted range: to where it was
		assertThat(op.transformPosition(4)).isEqualTo(5);
		assertThat(op.transformPosition(6)).isEqualTo(5);
		assertThat(op.transformPosition(9)).isEqualTo(8);
	}

	/**
	 * TP1: two ops made at once on one document, each transformed by the other, lead to
	 * one document whichever was applied first - what makes every client converge on the
	 * server's text.
	 */
	@Test
	void concurrentOpsConvergeWhicheverComesFirst() {
		Random random = new Random(18_19);
		for (int round = 0; round < ROUNDS; round++) {
			String document = text(random, random.nextInt(12));
			TextOp a = op(random, document);
			TextOp b = op(random, document);
			String aThenB = b.transform(a, Side.RIGHT).apply(a.apply(document));
			String bThenA = a.transform(b, Side.LEFT).apply(b.apply(document));
			assertThat(aThenB).as("round %d: %s and %s on %s", round, a, b, document).isEqualTo(bThenA);
		}
	}

	@Test
	void composingIsApplyingInTurn() {
		Random random = new Random(19_18);
		for (int round = 0; round < ROUNDS; round++) {
			String document = text(random, random.nextInt(12));
			TextOp a = op(random, document);
			String middle = a.apply(document);
			TextOp b = op(random, middle);
			assertThat(a.compose(b).apply(document)).as("round %d: %s then %s on %s", round, a, b, document)
				.isEqualTo(b.apply(middle));
		}
	}

	/**
	 * The reference implementation's answers on 1,000 random cases
	 * ({@code src/test/ot-reference}, generated with ot-text-unicode 4.0.0): the same
	 * transforms, compositions, documents and cursors, component for component.
	 */
	@Test
	void agreesWithTheReferenceImplementation() throws IOException {
		JsonNode vectors;
		try (InputStream in = getClass().getResourceAsStream("ot-text-unicode-vectors.json")) {
			vectors = json.readTree(in);
		}
		assertThat(vectors.get("generator").asString()).isEqualTo("ot-text-unicode 4.0.0");
		int checked = 0;
		for (JsonNode each : vectors.get("cases")) {
			String document = each.get("doc").asString();
			TextOp a = op(each.get("a"));
			TextOp b = op(each.get("b"));
			TextOp next = op(each.get("next"));
			String description = each.toString();
			assertThat(a.transform(b, Side.LEFT)).as(description).isEqualTo(op(each.get("aLeftOfB")));
			TextOp bAfterA = b.transform(a, Side.RIGHT);
			assertThat(bAfterA).as(description).isEqualTo(op(each.get("bRightOfA")));
			String afterA = a.apply(document);
			assertThat(bAfterA.apply(afterA)).as(description).isEqualTo(each.get("converged").asString());
			assertThat(a.compose(next)).as(description).isEqualTo(op(each.get("aThenNext")));
			assertThat(next.apply(afterA)).as(description).isEqualTo(each.get("afterNext").asString());
			assertThat(a.transformPosition(each.get("cursor").asInt())).as(description)
				.isEqualTo(each.get("cursorAfterA").asInt());
			checked++;
		}
		assertThat(checked).isEqualTo(1000);
	}

	private static TextOp op(JsonNode node) {
		return TextOp.fromJson(json.treeToValue(node, List.class));
	}

	/** A random op that applies to the document, as ot-text-unicode's own generator. */
	static TextOp op(Random random, String document) {
		int length = document.codePointCount(0, document.length());
		List<Component> components = new ArrayList<>();
		int at = 0;
		while (at < length && random.nextInt(4) != 0) {
			int n = 1 + random.nextInt(Math.min(length - at, 4));
			switch (random.nextInt(3)) {
				case 0 -> components.add(new Skip(n));
				case 1 -> components.add(new Delete(n));
				default -> {
					components.add(new Insert(text(random, 1 + random.nextInt(3))));
					n = 0;
				}
			}
			at += n;
		}
		if (random.nextBoolean()) {
			components.add(new Insert(text(random, 1 + random.nextInt(3))));
		}
		return TextOp.normalize(components);
	}

	static String text(Random random, int characters) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < characters; i++) {
			text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
		}
		return text.toString();
	}

	/**
	 * An op of the vectors' older form, read as ot-text-unicode's test reads it: numbers
	 * skip, {@code {"i": s}} inserts, {@code {"d": s}} deletes s's length; then
	 * normalized.
	 */
	private static TextOp legacy(String line) {
		List<Component> components = new ArrayList<>();
		for (Object each : json.readValue(line, List.class)) {
			if (each instanceof Number number) {
				components.add(new Skip(number.intValue()));
			}
			else if (each instanceof Map<?, ?> map && map.get("i") instanceof String inserted) {
				components.add(new Insert(inserted));
			}
			else {
				components.add(new Delete(((String) ((Map<?, ?>) each).get("d")).length()));
			}
		}
		return TextOp.normalize(components);
	}

}
