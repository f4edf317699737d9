package dev.parley.conversation;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface ConversationRepository extends ListCrudRepository<Conversation, UUID> {

	@Query("""
			select c.* from conversation c
			join conversation_member m on m.conversation_id = c.id
			where m.username = :username
			order by c.created_at desc, c.id""")
	List<Conversation> findByMember(String username);

	@Query("select conversation_id from conversation_member where username = :username")
	List<UUID> findIdsByMember(String username);

}
