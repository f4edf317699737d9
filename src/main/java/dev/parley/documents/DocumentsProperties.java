package dev.parley.documents;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code parley.documents}; every refusal they cause is a clear error
 * ({@code VALIDATION}, or {@code RATE_LIMITED} for the op rate).
 *
 * @param maxOpSize the largest op: its components plus the characters it inserts (default
 * 20,000)
 * @param maxLength the longest document, in characters (code points; default 200,000)
 * @param maxPerConversation documents one conversation may hold (default 100)
 * @param opsPerSecond ops a user may submit per second, per node, over all documents and
 * sessions (default 30; 0: no limit); a typist makes ten or so
 * @param snapshotEvery the text is stored every this many versions, rather than with
 * every op; loading a document applies at most this many ops to it (default 50)
 * @param hashEvery every this many versions a broadcast op carries the hash of the text
 * after it, so a client that diverged notices and reloads (default 20)
 * @param keepOps how long ops are kept: a client that comes back with a version whose
 * later ops are pruned reloads the document (default 7 days)
 * @param pruneEvery how often old ops are pruned (default 10 minutes)
 * @param cursorThrottle a user's cursor in a document is broadcast at most once in this
 * time; the latest position is sent when it ends (default 100 ms)
 */
@ConfigurationProperties("parley.documents")
record DocumentsProperties(@DefaultValue("20000") int maxOpSize, @DefaultValue("200000") int maxLength,
		@DefaultValue("100") int maxPerConversation, @DefaultValue("30") int opsPerSecond,
		@DefaultValue("50") int snapshotEvery, @DefaultValue("20") int hashEvery, @DefaultValue("7d") Duration keepOps,
		@DefaultValue("10m") Duration pruneEvery, @DefaultValue("100ms") Duration cursorThrottle) {
}
