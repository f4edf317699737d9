package dev.parley.messaging;

import java.security.Principal;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.parley.broker.ConversationLog;
import dev.parley.conversation.ConversationService;
import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/conversations/{id}/messages?after=<seq>&limit=<n>} (ascending from
 * after+1) and {@code ?before=<seq>&limit=<n>} (the page just before, ascending);
 * neither: the newest page. Members only. The log's entries in seq order: messages (as
 * they are now, with the caller's reaction counts; a tombstone in place of a deleted
 * one), edits, deletes and reactions.
 */
@RestController
class HistoryController {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 500;

	private final MessageStore store;

	private final ConversationService conversations;

	HistoryController(MessageStore store, ConversationService conversations) {
		this.store = store;
		this.conversations = conversations;
	}

	@GetMapping("/api/conversations/{id}/messages")
	List<Object> history(@PathVariable UUID id, @RequestParam(required = false) @Nullable Long after,
			@RequestParam(required = false) @Nullable Long before,
			@RequestParam(required = false) @Nullable Integer limit, Principal principal) {
		this.conversations.requireMember(id, principal.getName());
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (size < 1 || size > MAX_LIMIT) {
			throw new ParleyException(ErrorCode.VALIDATION, "limit must be 1-" + MAX_LIMIT);
		}
		if (after != null && before != null) {
			throw new ParleyException(ErrorCode.VALIDATION, "use after or before, not both");
		}
		if ((after != null && after < 0) || (before != null && before < 1)) {
			throw new ParleyException(ErrorCode.VALIDATION, "after must be >= 0 and before >= 1");
		}
		List<ConversationLog.Entry> entries = (after != null) ? this.store.after(id, after, size, principal.getName())
				: this.store.before(id, (before != null) ? before : Long.MAX_VALUE, size, principal.getName());
		return entries.stream().map(ConversationLog.Entry::payload).toList();
	}

}
