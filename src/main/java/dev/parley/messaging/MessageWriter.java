package dev.parley.messaging;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import org.jspecify.annotations.Nullable;

import dev.parley.broker.ConversationLog;
import dev.parley.storage.JournaledCommits;
import dev.parley.stomp.Destinations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.stereotype.Component;

/**
 * Group commit: one thread stores every waiting message (and edit, delete or reaction) in
 * one transaction, then publishes them in the order stored, then completes their senders'
 * futures (their RECEIPT or HTTP answer follows). While a commit is on its way to disk,
 * new messages queue up and share the next one, so the disk sync - the dominant cost of
 * an acknowledged message - is paid once per batch instead of once per message. A lone
 * message is written at once; nothing waits for a batch to fill.
 * <p>
 * One writer per node also keeps this node's publications in seq order for each
 * conversation; the database row lock orders writers of different nodes.
 * <p>
 * On the embedded H2 database a batch is committed to memory and appended to the
 * {@link MessageJournal}, which makes it durable, before it is published; H2 writes its
 * file behind ({@link JournalCheckpoints}).
 */
@Component
class MessageWriter implements SmartLifecycle {

	/** Most messages in one transaction. */
	static final int MAX_BATCH = 256;

	/**
	 * Most messages waiting for the writer. STOMP senders do not wait for their commit
	 * (their RECEIPT is sent when it completes), so without a bound an overload would
	 * queue without limit; when full, submitting blocks the submitting thread (back
	 * pressure on the inbound channel).
	 */
	static final int MAX_WAITING = 4 * MAX_BATCH;

	private final MessageStore store;

	private final SimpMessageSendingOperations messaging;

	private final @Nullable MessageJournal journal;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_WAITING);

	private volatile boolean running;

	private Thread thread;

	MessageWriter(MessageStore store, SimpMessageSendingOperations messaging, ObjectProvider<MessageJournal> journal) {
		this.store = store;
		this.messaging = messaging;
		this.journal = journal.getIfAvailable();
	}

	/**
	 * Queues one message for the next group commit; the future completes once it is
	 * committed and published, or exceptionally (NOT_FOUND for an unknown conversation, a
	 * database failure as it was thrown). Blocks only while {@link #MAX_WAITING} messages
	 * are already waiting.
	 */
	CompletableFuture<MessageStore.Appended> submit(MessageStore.Request request) {
		Pending pending = new Pending(request, new CompletableFuture<>());
		if (!this.running) {
			throw new IllegalStateException("Parley is shutting down");
		}
		try {
			this.queue.put(pending);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the message writer", ex);
		}
		return pending.result();
	}

	private void run() {
		List<Pending> batch = new ArrayList<>(MAX_BATCH);
		while (this.running || !this.queue.isEmpty()) {
			try {
				batch.add(this.queue.take());
			}
			catch (InterruptedException ex) {
				if (!this.running) {
					break;
				}
				continue;
			}
			this.queue.drainTo(batch, MAX_BATCH - 1);
			write(batch);
			batch.clear();
		}
		Pending left;
		while ((left = this.queue.poll()) != null) {
			left.result().completeExceptionally(new IllegalStateException("Parley is shutting down"));
		}
	}

	private void write(List<Pending> batch) {
		List<MessageStore.Outcome> outcomes;
		try {
			outcomes = append(batch.stream().map(Pending::request).toList());
		}
		catch (RuntimeException ex) {
			batch.forEach(pending -> pending.result().completeExceptionally(ex));
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			complete(batch.get(i).result(), outcomes.get(i));
		}
	}

	/**
	 * Stores the batch: committed and, on H2, journaled. A journal that cannot be written
	 * fails the batch (UNAVAILABLE to its senders, who retry under their
	 * {@code clientMessageId}); its messages stay committed in memory and reach H2's file
	 * with the next checkpoint, unpublished: history has them.
	 */
	private List<MessageStore.Outcome> append(List<MessageStore.Request> requests) {
		if (this.journal == null) {
			return this.store.appendAll(requests);
		}
		List<MessageStore.Outcome> outcomes = JournaledCommits.call(() -> this.store.appendAll(requests));
		List<LogEntry> stored = new ArrayList<>(outcomes.size());
		for (MessageStore.Outcome outcome : outcomes) {
			if (outcome instanceof MessageStore.Stored each) {
				stored.add(each.entry());
			}
		}
		if (!stored.isEmpty()) {
			try {
				this.journal.append(stored);
			}
			catch (IOException ex) {
				throw new DataAccessResourceFailureException("The message journal cannot be written", ex);
			}
		}
		return outcomes;
	}

	/**
	 * Publishes an entry stored just now, then answers its sender; a repeat or an update
	 * that changed nothing is answered, a refusal thrown.
	 */
	private void complete(CompletableFuture<MessageStore.Appended> result, MessageStore.Outcome outcome) {
		if (outcome instanceof MessageStore.Refused refused) {
			result.completeExceptionally(refused.reason());
			return;
		}
		MessageStore.Appended appended = (MessageStore.Appended) outcome;
		try {
			if (appended instanceof MessageStore.Stored stored) {
				LogEntry entry = stored.entry();
				this.messaging.convertAndSend(Destinations.messagesTopic(entry.conversationId()), entry.payload(),
						seqHeader(entry.seq()));
			}
			result.complete(appended);
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(ex);
		}
	}

	/**
	 * The broker-channel header that tells bridge mode the seq (it is not sent to
	 * clients).
	 */
	private static MessageHeaders seqHeader(long seq) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setHeader(ConversationLog.SEQ_HEADER, seq);
		headers.setLeaveMutable(true);
		return headers.getMessageHeaders();
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::run, "parley-message-writer");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
			try {
				this.thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stop after the broker and the web server have stopped taking messages. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	private record Pending(MessageStore.Request request, CompletableFuture<MessageStore.Appended> result) {
	}

}
