package dev.parley.support;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fresh users in a new conversation, each with a token signed with the test key: the
 * setup most end-to-end tests start from. The first user creates the conversation over
 * the HTTP API with the others as members. Names are made unique from the given prefixes
 * ({@link Api#newUser}), so tests that share a node do not see each other.
 *
 * @param id the conversation
 * @param members the creator first, then the others in the order given
 */
public record Chat(UUID id, List<Member> members) {

	public Chat {
		members = List.copyOf(members);
	}

	/**
	 * A fresh user named after the prefix ({@code alice} becomes {@code alice-1a2b3c4d}),
	 * with a token.
	 */
	public static Member newMember(String prefix) {
		String name = Api.newUser(prefix);
		return new Member(name, Api.token(name));
	}

	/**
	 * A conversation the creator starts with the others, all of them fresh users named
	 * after the prefixes.
	 */
	public static Chat create(Api api, String creator, String... others) {
		List<Member> members = new ArrayList<>(List.of(newMember(creator)));
		for (String other : others) {
			members.add(newMember(other));
		}
		UUID id = api.createConversation(members.get(0).name(),
				members.stream().skip(1).map(Member::name).toArray(String[]::new));
		return new Chat(id, members);
	}

	/**
	 * The member at this position: 0 is the creator, then the others in the order given.
	 */
	public Member member(int index) {
		return this.members.get(index);
	}

	/**
	 * Where members receive the conversation's messages:
	 * {@code /topic/conversation.<id>}.
	 */
	public String topic() {
		return "/topic/conversation." + this.id;
	}

	/** Where members send messages: {@code /app/conversation.<id>.send}. */
	public String sendDestination() {
		return "/app/conversation." + this.id + ".send";
	}

	/** The conversation's history over HTTP: {@code /api/conversations/<id>/messages}. */
	public String messagesPath() {
		return "/api/conversations/" + this.id + "/messages";
	}

	/** A user of a chat and a token for it. */
	public record Member(String name, String token) {
	}

}
