package dev.parley.conversation;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/conversations")
class ConversationController {

	private final ConversationService conversations;

	ConversationController(ConversationService conversations) {
		this.conversations = conversations;
	}

	@PostMapping
	ResponseEntity<ConversationView> create(@RequestBody CreateConversation request, Principal principal) {
		ConversationView created = this.conversations.create(principal.getName(), request.title(), request.members());
		return ResponseEntity.created(URI.create("/api/conversations/" + created.id())).body(created);
	}

	@GetMapping
	List<ConversationView> list(Principal principal) {
		return this.conversations.listFor(principal.getName());
	}

	record CreateConversation(@Nullable String title, @Nullable List<String> members) {
	}

}
