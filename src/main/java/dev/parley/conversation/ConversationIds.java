package dev.parley.conversation;

import java.util.UUID;

import dev.parley.errors.ParleyException;

/**
 * Conversation ids as they arrive in destinations.
 */
public final class ConversationIds {

	private ConversationIds() {
	}

	/**
	 * @throws ParleyException NOT_FOUND if the text is not a conversation id
	 */
	public static UUID parse(String text) {
		try {
			UUID id = UUID.fromString(text);
			if (id.toString().equalsIgnoreCase(text)) {
				return id;
			}
		}
		catch (IllegalArgumentException ex) {
			// fall through
		}
		throw ConversationService.notFound(text);
	}

}
