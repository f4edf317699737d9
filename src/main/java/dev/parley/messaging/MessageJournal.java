package dev.parley.messaging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * An append-only file of the messages the embedded database committed last, which makes
 * them durable before they are published or acknowledged: one {@code write} per group
 * commit, where H2 would rewrite every B-tree page the commit touched. H2 writes its own
 * file behind ({@link JournalCheckpoints} seals the journal, has H2 write its file and
 * then deletes the sealed files), and what a killed process had not written yet is
 * restored from the journal at the next start.
 * <p>
 * Like H2's own writes it survives the process being killed, not the machine losing
 * power: the operating system writes the file to the disk when it chooses (no
 * {@code fsync}).
 * <p>
 * A file is a series of records {@code [length:int][crc32c:int][entry]}. A record that
 * ends early or does not match its checksum ends the file: only the last write of a
 * killed process can be torn, and its entries were not acknowledged. An entry starts with
 * {@link #ENTRY}, then its kind; a record without it is a message as the first version
 * wrote them (read at the first start after an upgrade).
 */
final class MessageJournal implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(MessageJournal.class);

	private static final String PREFIX = "messages-";

	private static final String SUFFIX = ".journal";

	private static final int HEADER = 8;

	/**
	 * Starts an entry of any kind. The first version's records started with the
	 * conversation id's high bits, which match this with a chance of 2^-32.
	 */
	private static final int ENTRY = 0x504c4731;

	private final Path directory;

	private final List<Path> leftOver;

	private long number;

	private FileChannel current;

	private boolean written;

	/** Files closed since the last {@link #seal()}. */
	private final List<Path> closed = new ArrayList<>();

	/**
	 * Opens a new file in the directory (made if missing), after any left by an earlier
	 * run ({@link #leftOver()}).
	 */
	MessageJournal(Path directory) throws IOException {
		this.directory = Files.createDirectories(directory);
		this.leftOver = files(directory);
		this.number = this.leftOver.isEmpty() ? 1 : number(this.leftOver.get(this.leftOver.size() - 1)) + 1;
		this.current = open(this.number);
	}

	/**
	 * The files an earlier run left, oldest first: what they hold may be missing in H2.
	 */
	List<Path> leftOver() {
		return this.leftOver;
	}

	/**
	 * Appends the messages in one write; they are durable when it returns. A write that
	 * fails may have left part of a record, which would end the file for a reader, so the
	 * next append goes to a new file.
	 */
	synchronized void append(List<LogEntry> messages) throws IOException {
		ByteBuffer records = ByteBuffer.wrap(encode(messages));
		try {
			while (records.hasRemaining()) {
				this.current.write(records);
			}
		}
		catch (IOException ex) {
			next();
			throw ex;
		}
		this.written = true;
	}

	/**
	 * Seals the file written so far and starts the next one; everything appended before
	 * this call is in the sealed files, whose messages H2 has committed (to memory at
	 * least).
	 * @return the files sealed, oldest first: none when nothing was appended since the
	 * last call, more than one after a failed write
	 */
	synchronized List<Path> seal() throws IOException {
		if (this.written) {
			next();
		}
		List<Path> sealed = List.copyOf(this.closed);
		this.closed.clear();
		return sealed;
	}

	private void next() throws IOException {
		try {
			this.current.close();
		}
		finally {
			this.closed.add(path(this.number));
			this.written = false;
			this.current = open(++this.number);
		}
	}

	@Override
	public synchronized void close() throws IOException {
		this.current.close();
	}

	/** The messages of a file, in the order appended, up to its end or first damage. */
	static List<LogEntry> read(Path file) throws IOException {
		ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
		List<LogEntry> messages = new ArrayList<>();
		CRC32C crc = new CRC32C();
		while (bytes.remaining() >= HEADER) {
			int length = bytes.getInt();
			int checksum = bytes.getInt();
			if (length <= 0 || length > bytes.remaining()) {
				bytes.position(bytes.position() - HEADER);
				break;
			}
			crc.reset();
			crc.update(bytes.array(), bytes.position(), length);
			if ((int) crc.getValue() != checksum) {
				bytes.position(bytes.position() - HEADER);
				break;
			}
			messages
				.add(decode(new DataInputStream(new ByteArrayInputStream(bytes.array(), bytes.position(), length))));
			bytes.position(bytes.position() + length);
		}
		if (bytes.hasRemaining()) {
			logger.warn("Ignored the last " + bytes.remaining() + " bytes of " + file
					+ ": a write the process did not finish (its messages were not acknowledged)");
		}
		return messages;
	}

	static byte[] encode(List<LogEntry> messages) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(messages.size() * 256);
		ByteArrayOutputStream record = new ByteArrayOutputStream(256);
		CRC32C crc = new CRC32C();
		try {
			DataOutputStream data = new DataOutputStream(record);
			DataOutputStream header = new DataOutputStream(out);
			for (LogEntry message : messages) {
				record.reset();
				encode(message, data);
				crc.reset();
				byte[] bytes = record.toByteArray();
				crc.update(bytes);
				header.writeInt(bytes.length);
				header.writeInt((int) crc.getValue());
				out.write(bytes);
			}
		}
		catch (IOException ex) {
			// in-memory streams do not fail
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static void encode(LogEntry entry, DataOutputStream data) throws IOException {
		data.writeInt(ENTRY);
		data.writeByte(entry.kind().ordinal());
		writeUuid(data, entry.conversationId());
		data.writeLong(entry.seq());
		writeUuid(data, entry.id());
		data.writeLong(entry.at().getEpochSecond());
		data.writeInt(entry.at().getNano());
		writeString(data, entry.sender());
		writeString(data, entry.senderType());
		writeOptional(data, entry.content());
		writeOptional(data, entry.clientMessageId());
		data.writeBoolean(entry.targetId() != null);
		if (entry.targetId() != null) {
			writeUuid(data, entry.targetId());
			data.writeLong(entry.targetSeq());
		}
		data.writeInt(entry.version());
		writeOptional(data, entry.emoji());
		data.writeBoolean(entry.on());
		data.writeInt(entry.count());
	}

	private static LogEntry decode(DataInputStream data) throws IOException {
		data.mark(4);
		if (data.readInt() != ENTRY) {
			data.reset();
			return decodeMessage(data);
		}
		LogEntry.Kind kind = LogEntry.Kind.values()[data.readUnsignedByte()];
		UUID conversationId = readUuid(data);
		long seq = data.readLong();
		UUID id = readUuid(data);
		Instant at = Instant.ofEpochSecond(data.readLong(), data.readInt());
		String sender = readString(data);
		String senderType = readString(data);
		String content = readOptional(data);
		String clientMessageId = readOptional(data);
		UUID targetId = null;
		long targetSeq = 0;
		if (data.readBoolean()) {
			targetId = readUuid(data);
			targetSeq = data.readLong();
		}
		int version = data.readInt();
		String emoji = readOptional(data);
		boolean on = data.readBoolean();
		int count = data.readInt();
		return new LogEntry(kind, conversationId, seq, id, sender, senderType, content, at, clientMessageId, targetId,
				targetSeq, version, emoji, on, count, null);
	}

	/** A message as the first version of the journal wrote it. */
	private static LogEntry decodeMessage(DataInputStream data) throws IOException {
		UUID conversationId = readUuid(data);
		long seq = data.readLong();
		UUID id = readUuid(data);
		Instant at = Instant.ofEpochSecond(data.readLong(), data.readInt());
		String sender = readString(data);
		String senderType = readString(data);
		String content = readString(data);
		String clientMessageId = data.readBoolean() ? readString(data) : null;
		return LogEntry.message(conversationId, seq, id, sender, senderType, content, at, clientMessageId);
	}

	private static void writeUuid(DataOutputStream data, UUID value) throws IOException {
		data.writeLong(value.getMostSignificantBits());
		data.writeLong(value.getLeastSignificantBits());
	}

	private static UUID readUuid(DataInputStream data) throws IOException {
		return new UUID(data.readLong(), data.readLong());
	}

	private static void writeOptional(DataOutputStream data, @Nullable String value) throws IOException {
		data.writeBoolean(value != null);
		if (value != null) {
			writeString(data, value);
		}
	}

	private static @Nullable String readOptional(DataInputStream data) throws IOException {
		return data.readBoolean() ? readString(data) : null;
	}

	private static void writeString(DataOutputStream data, String value) throws IOException {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		data.writeInt(bytes.length);
		data.write(bytes);
	}

	private static String readString(DataInputStream data) throws IOException {
		return new String(data.readNBytes(data.readInt()), StandardCharsets.UTF_8);
	}

	private FileChannel open(long number) throws IOException {
		return FileChannel.open(path(number), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
	}

	private Path path(long number) {
		return this.directory.resolve(PREFIX + number + SUFFIX);
	}

	private static List<Path> files(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter(MessageJournal::isJournal)
				.sorted(Comparator.comparingLong(MessageJournal::number))
				.toList();
		}
	}

	private static boolean isJournal(Path file) {
		String name = file.getFileName().toString();
		return name.startsWith(PREFIX) && name.endsWith(SUFFIX)
				&& name.substring(PREFIX.length(), name.length() - SUFFIX.length()).chars().allMatch(Character::isDigit)
				&& name.length() > PREFIX.length() + SUFFIX.length();
	}

	private static long number(Path file) {
		String name = file.getFileName().toString();
		return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
	}

}
