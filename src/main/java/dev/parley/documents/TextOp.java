package dev.parley.documents;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An edit of a plain-text document, in the JSON form of the ot-text-unicode type (the
 * text type of ShareDB): a list of components that walk the document from its start - a
 * number {@code n} skips n characters, a string inserts it, {@code {"d": n}} deletes n
 * characters. Positions and lengths count Unicode code points, not UTF-16 units, so that
 * an edit means the same in Java, JavaScript and any other language.
 * <p>
 * An op is normal: no empty component, no two adjacent components of one kind, no
 * trailing skip. {@link #fromJson} refuses any other form with a message that says what
 * is wrong, and every op this class makes is normal, so equal edits are equal records.
 * <p>
 * {@link #apply}, {@link #transform} and {@link #compose} follow ot-text-unicode 4.0's
 * definitions, component for component; its transform test vectors and the convergence
 * properties are checked by {@code TextOpTests}.
 *
 * @param components the components, normal
 */
record TextOp(List<Component> components) {

	/** An op that changes nothing. */
	static final TextOp NOOP = new TextOp(List.of());

	TextOp {
		components = List.copyOf(components);
		check(components);
	}

	/** One step of an op. */
	sealed interface Component permits Skip, Insert, Delete {

		/** Characters of the document before the op that this component covers. */
		int preLength();

		/** Characters of the document after the op that this component covers. */
		int postLength();

	}

	/** Keeps {@code count} characters. */
	record Skip(int count) implements Component {

		@Override
		public int preLength() {
			return this.count;
		}

		@Override
		public int postLength() {
			return this.count;
		}

	}

	/** Inserts {@code text} before the next character. */
	record Insert(String text) implements Component {

		@Override
		public int preLength() {
			return 0;
		}

		@Override
		public int postLength() {
			return this.text.codePointCount(0, this.text.length());
		}

	}

	/** Deletes {@code count} characters. */
	record Delete(int count) implements Component {

		@Override
		public int preLength() {
			return this.count;
		}

		@Override
		public int postLength() {
			return 0;
		}

	}

	/** Which of two concurrent ops inserting at one position goes first. */
	enum Side {

		/** This op's insert goes before the other's. */
		LEFT,

		/** This op's insert goes after the other's. */
		RIGHT

	}

	/**
	 * Reads an op in ot-text-unicode's JSON form, as Jackson reads it into plain Java
	 * values: numbers, strings and {@code {"d": n}} (also {@code {"d": "deleted text"}},
	 * the invertible form, which counts the text's characters).
	 * @throws IllegalArgumentException with a message fit for the client, if it is not a
	 * normal op
	 */
	static TextOp fromJson(@Nullable Object json) {
		if (!(json instanceof List<?> list)) {
			throw new IllegalArgumentException("op must be an array of components");
		}
		List<Component> components = new ArrayList<>(list.size());
		for (Object each : list) {
			components.add(component(each));
		}
		return new TextOp(components);
	}

	private static Component component(@Nullable Object json) {
		if (json instanceof String text) {
			return new Insert(text);
		}
		if (json instanceof Number number) {
			return new Skip(count(number, "a skip"));
		}
		if (json instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("d")) {
			Object deleted = map.get("d");
			if (deleted instanceof Number number) {
				return new Delete(count(number, "a delete"));
			}
			if (deleted instanceof String text) {
				return new Delete(text.codePointCount(0, text.length()));
			}
		}
		throw new IllegalArgumentException(
				"an op's component must be a number (skip), a string (insert) or " + "{\"d\": number} (delete)");
	}

	private static int count(Number number, String what) {
		double value = number.doubleValue();
		if (value != Math.rint(value) || value < 1 || value > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(what + " must be a whole number of at least 1");
		}
		return (int) value;
	}

	private static void check(List<Component> components) {
		Component last = null;
		for (Component each : components) {
			if (each.preLength() == 0 && each.postLength() == 0) {
				throw new IllegalArgumentException("an op's components must not be empty");
			}
			if (last != null && last.getClass() == each.getClass()) {
				throw new IllegalArgumentException("adjacent components of one kind must be combined");
			}
			last = each;
		}
		if (last instanceof Skip) {
			throw new IllegalArgumentException("an op must not end with a skip");
		}
	}

	/**
	 * The op these components make in normal form: empty components dropped, adjacent
	 * ones of one kind merged, the trailing skip dropped (ot-text-unicode's
	 * {@code normalize}).
	 */
	static TextOp normalize(List<Component> components) {
		Builder builder = new Builder();
		components.forEach(builder::add);
		return builder.build();
	}

	/** The op in ot-text-unicode's JSON form (numbers, strings, {@code {"d": n}}). */
	List<Object> toJson() {
		List<Object> json = new ArrayList<>(this.components.size());
		for (Component each : this.components) {
			if (each instanceof Skip skip) {
				json.add(skip.count());
			}
			else if (each instanceof Insert insert) {
				json.add(insert.text());
			}
			else {
				json.add(Map.of("d", each.preLength()));
			}
		}
		return Collections.unmodifiableList(json);
	}

	/**
	 * The op's size, for the limit on it: its components plus the characters it inserts.
	 */
	int size() {
		int size = this.components.size();
		for (Component each : this.components) {
			if (each instanceof Insert insert) {
				size += insert.postLength();
			}
		}
		return size;
	}

	/** True if the op changes nothing. */
	boolean isNoop() {
		return this.components.isEmpty();
	}

	/** Characters the op needs the document to have at least. */
	int minimumLength() {
		int length = 0;
		for (Component each : this.components) {
			length += each.preLength();
		}
		return length;
	}

	/**
	 * The document after this op.
	 * @throws IllegalArgumentException if the op reaches past the document's end
	 */
	String apply(String document) {
		StringBuilder result = new StringBuilder(document.length() + 16);
		int at = 0;
		for (Component each : this.components) {
			if (each instanceof Skip skip) {
				int end = advance(document, at, skip.count());
				result.append(document, at, end);
				at = end;
			}
			else if (each instanceof Insert insert) {
				result.append(insert.text());
			}
			else {
				at = advance(document, at, each.preLength());
			}
		}
		return result.append(document, at, document.length()).toString();
	}

	private static int advance(String document, int index, int codePoints) {
		try {
			return document.offsetByCodePoints(index, codePoints);
		}
		catch (IndexOutOfBoundsException ex) {
			throw new IllegalArgumentException("the op reaches past the end of the document ("
					+ document.codePointCount(0, document.length()) + " characters)");
		}
	}

	/**
	 * This op, changed to apply after {@code other}, an op made concurrently on the same
	 * document: {@code a.transform(b, LEFT)} after {@code b} and
	 * {@code b.transform(a, RIGHT)} after {@code a} give the same document.
	 */
	TextOp transform(TextOp other, Side side) {
		Builder result = new Builder();
		Reader mine = new Reader(this, true);
		for (Component theirs : other.components) {
			if (theirs instanceof Skip skip) {
				int length = skip.count();
				while (length > 0) {
					Component part = mine.take(length);
					result.add(part);
					if (!(part instanceof Insert)) {
						length -= part.preLength();
					}
				}
			}
			else if (theirs instanceof Insert insert) {
				if (side == Side.LEFT && mine.peek() instanceof Insert) {
					result.add(mine.takeRest());
				}
				result.add(new Skip(insert.postLength()));
			}
			else {
				int length = theirs.preLength();
				while (length > 0) {
					Component part = mine.take(length);
					if (part instanceof Insert) {
						result.add(part);
					}
					else {
						length -= part.preLength();
					}
				}
			}
		}
		result.addRest(mine);
		return result.build();
	}

	/** One op that does what this op and then {@code next} do. */
	TextOp compose(TextOp next) {
		Builder result = new Builder();
		Reader first = new Reader(this, false);
		for (Component second : next.components) {
			if (second instanceof Skip skip) {
				int length = skip.count();
				while (length > 0) {
					Component part = first.take(length);
					result.add(part);
					if (!(part instanceof Delete)) {
						length -= part.postLength();
					}
				}
			}
			else if (second instanceof Insert) {
				result.add(second);
			}
			else {
				int length = second.preLength();
				int done = 0;
				while (done < length) {
					Component part = first.take(length - done);
					if (part instanceof Skip kept) {
						result.add(new Delete(kept.count()));
						done += kept.count();
					}
					else if (part instanceof Insert inserted) {
						done += inserted.postLength();
					}
					else {
						result.add(part);
					}
				}
			}
		}
		result.addRest(first);
		return result.build();
	}

	/**
	 * Where a cursor at {@code position} (in code points) is after this op: moved by the
	 * inserts and deletes before it; an insert at the cursor goes after it, and a cursor
	 * in a deleted range goes to where the range was.
	 */
	int transformPosition(int position) {
		int cursor = position;
		int at = 0;
		for (Component each : this.components) {
			if (cursor <= at) {
				break;
			}
			if (each instanceof Skip skip) {
				at += skip.count();
			}
			else if (each instanceof Insert insert) {
				at += insert.postLength();
				cursor += insert.postLength();
			}
			else {
				cursor -= Math.min(each.preLength(), cursor - at);
			}
		}
		return cursor;
	}

	/**
	 * Walks an op's components, handing out parts of them: the iterator that
	 * ot-text-unicode calls {@code take}. Past the op's end it hands out skips, as if the
	 * op ended with one to the document's end.
	 */
	private static final class Reader {

		private final List<Component> components;

		/**
		 * True to split by the document before the op (inserts come whole), false to
		 * split by the document after it (deletes come whole).
		 */
		private final boolean before;

		private int index;

		/**
		 * Characters (code points, for an insert) of the current component handed out.
		 */
		private int offset;

		Reader(TextOp op, boolean before) {
			this.components = op.components;
			this.before = before;
		}

		@Nullable Component peek() {
			return (this.index < this.components.size()) ? this.components.get(this.index) : null;
		}

		/** The rest of the current component, or null at the end. */
		@Nullable Component takeRest() {
			if (this.index == this.components.size()) {
				return null;
			}
			Component current = this.components.get(this.index);
			Component rest;
			if (current instanceof Skip skip) {
				rest = new Skip(skip.count() - this.offset);
			}
			else if (current instanceof Insert insert) {
				rest = new Insert(insert.text().substring(insert.text().offsetByCodePoints(0, this.offset)));
			}
			else {
				rest = new Delete(current.preLength() - this.offset);
			}
			this.index++;
			this.offset = 0;
			return rest;
		}

		/** At most {@code length} characters of the current component (see above). */
		Component take(int length) {
			Component current = peek();
			if (current == null) {
				return new Skip(length);
			}
			// what is left of the component, counted the way this reader splits: an
			// insert
			// when reading before the op, or a delete when reading after it, comes whole
			boolean whole = (current instanceof Insert) ? this.before : (current instanceof Delete && !this.before);
			int left = (current instanceof Insert insert) ? insert.postLength() - this.offset
					: current.preLength() - this.offset;
			if (whole || left <= length) {
				return takeRest();
			}
			int from = this.offset;
			this.offset += length;
			if (current instanceof Insert insert) {
				String text = insert.text();
				int start = text.offsetByCodePoints(0, from);
				return new Insert(text.substring(start, text.offsetByCodePoints(start, length)));
			}
			return (current instanceof Skip) ? new Skip(length) : new Delete(length);
		}

	}

	/**
	 * Builds a normal op: drops empty components, merges adjacent ones of one kind and
	 * the trailing skip.
	 */
	private static final class Builder {

		private final List<Component> components = new ArrayList<>();

		void add(@Nullable Component component) {
			if (component == null || (component.preLength() == 0 && component.postLength() == 0)) {
				return;
			}
			int last = this.components.size() - 1;
			if (last >= 0 && this.components.get(last).getClass() == component.getClass()) {
				this.components.set(last, merge(this.components.get(last), component));
			}
			else {
				this.components.add(component);
			}
		}

		void addRest(Reader reader) {
			Component rest;
			while ((rest = reader.takeRest()) != null) {
				add(rest);
			}
		}

		private static Component merge(Component first, Component second) {
			if (first instanceof Insert insert) {
				return new Insert(insert.text() + ((Insert) second).text());
			}
			int count = first.preLength() + second.preLength();
			return (first instanceof Skip) ? new Skip(count) : new Delete(count);
		}

		TextOp build() {
			int last = this.components.size() - 1;
			if (last >= 0 && this.components.get(last) instanceof Skip) {
				this.components.remove(last);
			}
			return new TextOp(this.components);
		}

	}

}
