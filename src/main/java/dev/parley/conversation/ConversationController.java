package dev.parley.conversation;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.stomp.Destinations;

import org.springframework.http.ResponseEntity;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/conversations")
class ConversationController {

	private static final Logger logger = LoggerFactory.getLogger(ConversationController.class);

	private final ConversationService conversations;

	private final SimpMessageSendingOperations messaging;

	ConversationController(ConversationService conversations, SimpMessageSendingOperations messaging) {
		this.conversations = conversations;
		this.messaging = messaging;
	}

	@PostMapping
	ResponseEntity<ConversationView> create(@RequestBody CreateConversation request, Principal principal) {
		ConversationView created = this.conversations.create(principal.getName(), request.title(), request.members());
		announce(created);
		return ResponseEntity.created(URI.create("/api/conversations/" + created.id())).body(created);
	}

	@GetMapping
	List<ConversationView> list(Principal principal) {
		return this.conversations.listFor(principal.getName());
	}

	/** {@code [{"user","seq"}]}: how far each member has read; members only. */
	@GetMapping("/{id}/reads")
	List<MemberRead> reads(@PathVariable UUID id, Principal principal) {
		this.conversations.requireMember(id, principal.getName());
		return this.conversations.readPositions(id);
	}

	/**
	 * Tells every member's open sessions about the new conversation. At most once and
	 * best effort: the conversation is already stored, and a page that misses this finds
	 * it in {@code GET /api/conversations}.
	 */
	private void announce(ConversationView created) {
		ConversationEvent event = ConversationEvent.created(created);
		for (String member : created.members()) {
			try {
				this.messaging.convertAndSendToUser(member, Destinations.CONVERSATIONS_QUEUE, event);
			}
			catch (MessagingException ex) {
				logger.debug("Could not announce conversation {} to {}: {}", created.id(), member, ex.getMessage());
			}
		}
	}

	record CreateConversation(@Nullable String title, @Nullable List<String> members) {
	}

}
