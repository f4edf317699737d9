package dev.parley.conversation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Conversations and membership. Membership is asked on every SUBSCRIBE and SEND, so
 * member lists are cached; they never change after creation, so the cache cannot go
 * stale. Unknown ids are not cached, so probing random ids cannot fill memory.
 */
@Service
public class ConversationService {

	static final int MAX_TITLE_LENGTH = 200;

	/**
	 * What a username may look like: what a JWT subject may be, minus anything that
	 * breaks a destination.
	 */
	static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,64}");

	private static final int CACHED_CONVERSATIONS = 100_000;

	private final ConversationRepository repository;

	private final ReadPositions readPositions;

	private final JdbcAggregateOperations aggregates;

	private final Clock clock;

	private final int maxMembers;

	private final Cache<UUID, Set<String>> members = Caffeine.newBuilder().maximumSize(CACHED_CONVERSATIONS).build();

	/**
	 * Member lists being loaded, so that concurrent misses wait for the one load (not
	 * cached: a lookup).
	 */
	private final Map<UUID, CompletableFuture<Optional<Set<String>>>> loading = new ConcurrentHashMap<>();

	ConversationService(ConversationRepository repository, ReadPositions readPositions,
			JdbcAggregateOperations aggregates, ConversationProperties properties, Clock clock) {
		this.repository = repository;
		this.readPositions = readPositions;
		this.aggregates = aggregates;
		this.clock = clock;
		this.maxMembers = properties.maxMembers();
	}

	/**
	 * Create a conversation; the creator is always a member.
	 * @throws ParleyException VALIDATION for a missing or too-long title, bad member
	 * names or too many members
	 */
	@Transactional
	public ConversationView create(String creator, @Nullable String title, @Nullable Collection<String> memberNames) {
		String cleanTitle = (title != null) ? title.strip() : "";
		if (cleanTitle.isEmpty()) {
			throw new ParleyException(ErrorCode.VALIDATION, "title is required");
		}
		if (cleanTitle.codePointCount(0, cleanTitle.length()) > MAX_TITLE_LENGTH) {
			throw new ParleyException(ErrorCode.VALIDATION,
					"title is too long: at most " + MAX_TITLE_LENGTH + " characters");
		}
		Set<Conversation.Member> all = new LinkedHashSet<>();
		all.add(new Conversation.Member(creator));
		if (memberNames != null) {
			for (String name : memberNames) {
				if (!isUsername(name)) {
					throw new ParleyException(ErrorCode.VALIDATION, "members must be usernames of 1-64 letters, "
							+ "digits or . _ @ + -; got " + (name == null ? "null" : '"' + abbreviate(name) + '"'));
				}
				all.add(new Conversation.Member(name));
			}
		}
		if (all.size() > this.maxMembers) {
			throw new ParleyException(ErrorCode.VALIDATION,
					"a conversation has at most " + this.maxMembers + " members");
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Conversation conversation = this.aggregates
			.insert(new Conversation(UUID.randomUUID(), cleanTitle, creator, now, all));
		return conversation.view();
	}

	/** The user's conversations, newest first, with the user's read state of each. */
	@Transactional(readOnly = true)
	public List<ConversationView> listFor(String username) {
		Map<UUID, ReadState> reads = this.readPositions.of(username);
		return this.repository.findByMember(username).stream().map(conversation -> {
			ConversationView view = conversation.view();
			ReadState state = reads.get(conversation.id());
			return (state != null) ? view.withReadState(state) : view;
		}).toList();
	}

	/**
	 * The member has read up to {@code seq} (at most the conversation's last seq).
	 * @return the member's new read state, or empty if it was already there or further (a
	 * lower seq is ignored)
	 */
	@Transactional
	public Optional<ReadState> markRead(ConversationMember member, long seq) {
		return this.readPositions.advance(member.conversationId(), member.user(), seq);
	}

	/** How far each member of the conversation has read. */
	@Transactional(readOnly = true)
	public List<MemberRead> readPositions(UUID conversationId) {
		return this.readPositions.all(conversationId);
	}

	/** Ids of the conversations the user belongs to. */
	@Transactional(readOnly = true)
	public List<UUID> conversationIdsOf(String username) {
		return this.repository.findIdsByMember(username);
	}

	/**
	 * The members of a conversation, or empty if there is no such conversation.
	 * Concurrent misses for one conversation share a single load: when a big room's
	 * members all (re)subscribe at once, as after a node restart, one query runs instead
	 * of one per member queueing for the connection pool. (Not Caffeine's {@code get(key,
	 * loader)}: it runs the load inside its map's lock, where a query may wait seconds
	 * for a connection.)
	 */
	public Optional<Set<String>> members(UUID conversationId) {
		Set<String> cached = this.members.getIfPresent(conversationId);
		if (cached != null) {
			return Optional.of(cached);
		}
		CompletableFuture<Optional<Set<String>>> mine = new CompletableFuture<>();
		CompletableFuture<Optional<Set<String>>> running = this.loading.putIfAbsent(conversationId, mine);
		if (running != null) {
			try {
				return running.join();
			}
			catch (CompletionException ex) {
				throw (ex.getCause() instanceof RuntimeException failure) ? failure : ex;
			}
		}
		try {
			Optional<Set<String>> loaded = this.repository.findById(conversationId)
				.map(c -> c.members()
					.stream()
					.map(Conversation.Member::username)
					.collect(Collectors.toUnmodifiableSet()));
			loaded.ifPresent(set -> this.members.put(conversationId, set));
			mine.complete(loaded);
			return loaded;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.loading.remove(conversationId, mine);
		}
	}

	public Access access(UUID conversationId, String username) {
		return members(conversationId).map(set -> set.contains(username) ? Access.MEMBER : Access.NOT_MEMBER)
			.orElse(Access.NOT_FOUND);
	}

	/**
	 * @return the user as a member of the conversation
	 * @throws ParleyException NOT_FOUND or FORBIDDEN unless the user is a member
	 */
	public ConversationMember requireMember(UUID conversationId, String username) {
		return switch (access(conversationId, username)) {
			case NOT_FOUND -> throw notFound(conversationId.toString());
			case NOT_MEMBER -> throw new ParleyException(ErrorCode.FORBIDDEN,
					"You are not a member of conversation " + conversationId);
			case MEMBER -> new ConversationMember(conversationId, username);
		};
	}

	/**
	 * @throws ParleyException NOT_FOUND unless the conversation exists
	 */
	public void requireExists(UUID conversationId) {
		if (members(conversationId).isEmpty()) {
			throw notFound(conversationId.toString());
		}
	}

	/**
	 * True if the text is a valid username: 1-64 letters, digits or {@code . _ @ + -}.
	 */
	public static boolean isUsername(@Nullable String text) {
		return text != null && USERNAME.matcher(text).matches();
	}

	public static ParleyException notFound(String rawId) {
		return new ParleyException(ErrorCode.NOT_FOUND, "No conversation " + abbreviate(rawId));
	}

	static String abbreviate(String text) {
		return text.length() <= 80 ? text : text.substring(0, 80) + "…";
	}

}
