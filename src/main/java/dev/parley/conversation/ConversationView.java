package dev.parley.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A conversation as clients see it: {@code {"id","title","members","createdAt"}}, members
 * sorted by name.
 */
public record ConversationView(UUID id, String title, List<String> members, Instant createdAt) {
}
