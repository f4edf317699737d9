package dev.parley.messaging;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's file: what is appended reads back exactly, across seals and a restart; a
 * torn last write ends the file without harm to the records before it.
 */
class MessageJournalTests {

	@TempDir
	Path dir;

	@Test
	void appendedMessagesReadBackExactlyAfterARestart() throws IOException {
		LogEntry a = message(1, "hello", "c-1");
		LogEntry b = message(2, "grüße 👋 " + "x".repeat(70_000), null);
		LogEntry c = message(3, "third", "c-3");
		Path first;
		try (MessageJournal journal = new MessageJournal(this.dir)) {
			assertThat(journal.leftOver()).isEmpty();
			assertThat(journal.seal()).as("nothing appended, nothing to seal").isEmpty();
			journal.append(List.of(a, b));
			List<Path> sealed = journal.seal();
			assertThat(sealed).hasSize(1);
			first = sealed.get(0);
			journal.append(List.of(c));
		}
		try (MessageJournal reopened = new MessageJournal(this.dir)) {
			assertThat(reopened.leftOver()).hasSize(2).startsWith(first);
			assertThat(MessageJournal.read(reopened.leftOver().get(0))).containsExactly(a, b);
			assertThat(MessageJournal.read(reopened.leftOver().get(1))).containsExactly(c);
			reopened.append(List.of(a));
			List<Path> sealed = reopened.seal();
			assertThat(sealed).hasSize(1).doesNotContainAnyElementsOf(reopened.leftOver());
			assertThat(MessageJournal.read(sealed.get(0))).containsExactly(a);
		}
	}

	@Test
	void aTornLastWriteEndsTheFile() throws IOException {
		LogEntry a = message(1, "kept", null);
		LogEntry b = message(2, "torn", null);
		Path file;
		try (MessageJournal journal = new MessageJournal(this.dir)) {
			journal.append(List.of(a));
			journal.append(List.of(b));
			file = journal.seal().get(0);
		}
		long whole = Files.size(file);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.truncate(whole - 3);
		}
		assertThat(MessageJournal.read(file)).containsExactly(a);

		// a record whose bytes are damaged fails its checksum
		byte[] bytes = MessageJournal.encode(List.of(a, b));
		bytes[bytes.length - 5] ^= 1;
		Files.write(file, bytes);
		assertThat(MessageJournal.read(file)).containsExactly(a);
	}

	private static LogEntry message(long seq, String content, String clientMessageId) {
		return LogEntry.message(UUID.randomUUID(), seq, UUID.randomUUID(), "alice", ChatMessage.USER, content,
				Instant.parse("2026-12-06T10:00:00.123456789Z"), clientMessageId);
	}

}
