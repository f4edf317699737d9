package dev.parley.conversation;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A conversation aggregate: its members are part of it.
 */
@Table("conversation")
record Conversation(@Id UUID id, String title, String createdBy, Instant createdAt,
		@MappedCollection(idColumn = "conversation_id") Set<Member> members) {

	@Table("conversation_member")
	record Member(String username) {
	}

	ConversationView view() {
		return new ConversationView(this.id, this.title, this.members.stream().map(Member::username).sorted().toList(),
				this.createdAt, this.createdBy, 0, 0, 0);
	}

}
