package dev.parley.support;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongFunction;

import tools.jackson.databind.JsonNode;

/**
 * The client recovery algorithm of docs/guarantees.md, in Java for tests and Java clients
 * (the JavaScript client's is {@code clients/js/src/recovery.js}): after subscribing (and
 * seeing the subscription's RECEIPT), feed live frames to {@link #live}, call
 * {@link #sync} to fetch history after the last seq shown; messages come out once each,
 * in seq order, and a gap in the live stream triggers a refetch.
 */
public final class MessageRecovery {

	private final LongFunction<JsonNode> fetchAfter;

	private final TreeMap<Long, JsonNode> ahead = new TreeMap<>();

	private final List<JsonNode> delivered = new ArrayList<>();

	private long lastSeq;

	/**
	 * @param fetchAfter returns the history page after a seq (a JSON array, ascending)
	 * @param lastSeq the last seq already shown
	 */
	public MessageRecovery(LongFunction<JsonNode> fetchAfter, long lastSeq) {
		this.fetchAfter = fetchAfter;
		this.lastSeq = lastSeq;
	}

	public synchronized void live(JsonNode message) {
		accept(message);
		drain();
		if (!this.ahead.isEmpty() && !this.ahead.containsKey(this.lastSeq + 1)) {
			sync();
		}
	}

	public synchronized void sync() {
		long before;
		do {
			before = this.lastSeq;
			JsonNode page;
			do {
				page = this.fetchAfter.apply(this.lastSeq);
				page.forEach(this::accept);
				drain();
			}
			while (!page.isEmpty() && this.lastSeq > before && page.size() >= 500);
		}
		while (!this.ahead.isEmpty() && !this.ahead.containsKey(this.lastSeq + 1) && this.lastSeq > before);
	}

	public synchronized List<JsonNode> delivered() {
		return List.copyOf(this.delivered);
	}

	public synchronized long lastSeq() {
		return this.lastSeq;
	}

	private void accept(JsonNode message) {
		long seq = message.get("seq").asLong();
		if (seq > this.lastSeq) {
			this.ahead.put(seq, message);
		}
	}

	private void drain() {
		while (this.ahead.containsKey(this.lastSeq + 1)) {
			this.delivered.add(this.ahead.remove(this.lastSeq + 1));
			this.lastSeq++;
		}
	}

}
