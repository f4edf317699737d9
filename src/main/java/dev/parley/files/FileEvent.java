package dev.parley.files;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import dev.parley.stomp.Destinations;
import dev.parley.stomp.Outbound;

/**
 * Progress of a file at {@code /user/queue/files}:
 * {@code {"type":"file","fileId","name","stage","percent"}}, with {@code reason} when the
 * stage is {@code failed}, and {@code sha256}, {@code contentType}, {@code size} when it
 * is {@code done}.
 */
@Outbound(value = Destinations.USER_PREFIX + Destinations.FILES_QUEUE, type = "file",
		summary = "Progress of one of the user's uploads")
@JsonInclude(JsonInclude.Include.NON_NULL)
record FileEvent(String type, UUID fileId, String name, String stage, int percent, @Nullable String reason,
		@Nullable String sha256, @Nullable String contentType, @Nullable Long size) {

	static FileEvent progress(FileJob job, String stage, int percent) {
		return new FileEvent("file", job.fileId(), job.name(), stage, percent, null, null, null, null);
	}

	static FileEvent failed(FileJob job, String reason) {
		return new FileEvent("file", job.fileId(), job.name(), "failed", 100, reason, null, null, null);
	}

	static FileEvent done(FileJob job, String sha256, String contentType, long size) {
		return new FileEvent("file", job.fileId(), job.name(), "done", 100, null, sha256, contentType, size);
	}

}
