package dev.parley.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a client shows of a conversation's messages, built by applying log entries as the
 * sample page does: messages as they come (with their reaction counts, if history gave
 * them), a tombstone for {@code message-deleted}, an edit only if its version is above
 * the one shown, a reaction's count as it says. Two states built from the same log, in
 * any split of live frames and history pages, are equal.
 */
public final class ConversationState {

	private final Map<String, Shown> messages = new LinkedHashMap<>();

	/** Applies one entry (a live frame or a history item). */
	public void apply(JsonNode entry) {
		String type = entry.get("type").asString();
		switch (type) {
			case "message" -> {
				Shown shown = new Shown(entry.get("sender").asString(), entry.get("content").asString(),
						entry.has("version") ? entry.get("version").asInt() : 1, false,
						entry.has("replyTo") ? entry.get("replyTo").asString() : null, new TreeMap<>());
				if (entry.has("reactions")) {
					entry.get("reactions")
						.forEach(reaction -> shown.reactions()
							.put(reaction.get("emoji").asString(), reaction.get("count").asInt()));
				}
				this.messages.put(entry.get("id").asString(), shown);
			}
			case "message-deleted" -> {
				// a tombstone says nothing of what was there
				this.messages.put(entry.get("messageId").asString(),
						new Shown(null, null, 0, true, null, new TreeMap<>()));
			}
			case "message-edited" -> {
				Shown was = this.messages.get(entry.get("messageId").asString());
				int version = entry.get("version").asInt();
				if (was != null && !was.deleted() && version > was.version() && !entry.get("content").isNull()) {
					this.messages.put(entry.get("messageId").asString(), new Shown(was.sender(),
							entry.get("content").asString(), version, false, was.replyTo(), was.reactions()));
				}
			}
			case "reaction" -> {
				Shown was = this.messages.get(entry.get("messageId").asString());
				if (was != null && !was.deleted()) {
					int count = entry.get("count").asInt();
					if (count > 0) {
						was.reactions().put(entry.get("emoji").asString(), count);
					}
					else {
						was.reactions().remove(entry.get("emoji").asString());
					}
				}
			}
			default -> throw new AssertionError("unknown entry type " + type + ": " + entry);
		}
	}

	/** The messages shown, by id, in the order first seen. */
	public Map<String, Shown> messages() {
		return this.messages;
	}

	/**
	 * One message as shown: a tombstone has no content.
	 *
	 * @param reactions count by emoji
	 */
	public record Shown(@Nullable String sender, @Nullable String content, int version, boolean deleted,
			@Nullable String replyTo, TreeMap<String, Integer> reactions) {
	}

}
