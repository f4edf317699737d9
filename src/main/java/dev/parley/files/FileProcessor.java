package dev.parley.files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.parley.stomp.Destinations;

import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.stereotype.Component;

/**
 * The processing itself, modest but real: a SHA-256 in chunks (reporting progress),
 * content sniffing by magic bytes, and checks (empty files and executables are refused).
 * Events go to the uploader's {@code /user/queue/files} on whichever node they are
 * connected.
 */
@Component
class FileProcessor {

	static final int CHUNK = 64 * 1024;

	private final SimpMessageSendingOperations messaging;

	FileProcessor(SimpMessageSendingOperations messaging) {
		this.messaging = messaging;
	}

	void process(FileJob job) {
		send(job, FileEvent.progress(job, "processing", 0));
		byte[] content = job.content();
		if (content.length == 0) {
			send(job, FileEvent.failed(job, "the file is empty"));
			return;
		}
		MessageDigest digest = sha256();
		int lastPercent = 0;
		for (int offset = 0; offset < content.length; offset += CHUNK) {
			digest.update(content, offset, Math.min(CHUNK, content.length - offset));
			int percent = (int) (10 + 70L * Math.min(content.length, offset + CHUNK) / content.length);
			if (percent - lastPercent >= 10) {
				send(job, FileEvent.progress(job, "checksum", percent));
				lastPercent = percent;
			}
		}
		String sha256 = HexFormat.of().formatHex(digest.digest());
		send(job, FileEvent.progress(job, "sniffing", 85));
		String detected = ContentSniffer.sniff(content);
		send(job, FileEvent.progress(job, "checking", 95));
		if (ContentSniffer.isExecutable(detected)) {
			send(job, FileEvent.failed(job, "executables are not accepted (detected " + detected + ")"));
			return;
		}
		send(job, FileEvent.done(job, sha256, detected, content.length));
	}

	private void send(FileJob job, FileEvent event) {
		this.messaging.convertAndSendToUser(job.owner(), Destinations.FILES_QUEUE, event);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
