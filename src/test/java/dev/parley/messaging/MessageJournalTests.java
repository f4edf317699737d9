package dev.parley.messaging;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;

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

	@Test
	void everyKindOfEntryReadsBackAndAFileOfTheFirstVersionStillReads() throws IOException {
		UUID conversation = UUID.randomUUID();
		UUID target = UUID.randomUUID();
		Instant at = Instant.parse("2026-12-06T10:00:00.5Z");
		List<LogEntry> entries = List.of(
				new LogEntry(LogEntry.Kind.MESSAGE, conversation, 2, UUID.randomUUID(), "bob", "user", "re", at, "c-2",
						target, 1, 1, null, false, 0, null),
				new LogEntry(LogEntry.Kind.EDIT, conversation, 3, UUID.randomUUID(), "alice", "user", "new text", at,
						null, target, 1, 2, null, false, 0, null),
				new LogEntry(LogEntry.Kind.REACTION, conversation, 4, UUID.randomUUID(), "bob", "user", null, at, null,
						target, 1, 1, "👩‍👩‍👧", true, 3, null),
				new LogEntry(LogEntry.Kind.DELETE, conversation, 5, UUID.randomUUID(), "alice", "user", null, at, "d",
						target, 1, 1, null, false, 0, null));
		Path file = this.dir.resolve("kinds");
		Files.write(file, MessageJournal.encode(entries));
		assertThat(MessageJournal.read(file)).containsExactlyElementsOf(entries);

		// as the first version wrote a message: no marker, no kind
		LogEntry old = message(7, "from before the upgrade", "c-7");
		ByteArrayOutputStream record = new ByteArrayOutputStream();
		DataOutputStream data = new DataOutputStream(record);
		data.writeLong(old.conversationId().getMostSignificantBits());
		data.writeLong(old.conversationId().getLeastSignificantBits());
		data.writeLong(old.seq());
		data.writeLong(old.id().getMostSignificantBits());
		data.writeLong(old.id().getLeastSignificantBits());
		data.writeLong(old.at().getEpochSecond());
		data.writeInt(old.at().getNano());
		for (String text : new String[] { old.sender(), old.senderType(), old.content() }) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			data.writeInt(bytes.length);
			data.write(bytes);
		}
		data.writeBoolean(true);
		byte[] id = old.clientMessageId().getBytes(StandardCharsets.UTF_8);
		data.writeInt(id.length);
		data.write(id);
		byte[] body = record.toByteArray();
		CRC32C crc = new CRC32C();
		crc.update(body);
		ByteBuffer framed = ByteBuffer.allocate(8 + body.length);
		framed.putInt(body.length).putInt((int) crc.getValue()).put(body);
		Path legacy = this.dir.resolve("legacy");
		Files.write(legacy, framed.array());
		assertThat(MessageJournal.read(legacy)).containsExactly(old);
	}

	private static LogEntry message(long seq, String content, String clientMessageId) {
		return LogEntry.message(UUID.randomUUID(), seq, UUID.randomUUID(), "alice", ChatMessage.USER, content,
				Instant.parse("2026-12-06T10:00:00.123456789Z"), clientMessageId);
	}

}
