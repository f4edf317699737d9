package dev.parley.conversation;

/**
 * How a user stands to a conversation.
 */
public enum Access {

	/** There is no such conversation. */
	NOT_FOUND,

	/** The conversation exists, but the user is not a member. */
	NOT_MEMBER,

	/** The user is a member. */
	MEMBER

}
