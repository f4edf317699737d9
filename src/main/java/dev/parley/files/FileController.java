package dev.parley.files;

import java.io.IOException;
import java.security.Principal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/files} (multipart, part {@code file}): accepts an upload for
 * processing and answers 202 with its id; progress follows on the uploader's
 * {@code /user/queue/files}.
 */
@RestController
class FileController {

	private final FileJobs jobs;

	private final FilesProperties properties;

	FileController(FileJobs jobs, FilesProperties properties) {
		this.jobs = jobs;
		this.properties = properties;
	}

	@PostMapping("/api/files")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Accepted upload(@RequestParam("file") MultipartFile file, Principal principal) throws IOException {
		if (file.getSize() > this.properties.maxSize().toBytes()) {
			// normally refused earlier by the multipart limit, which follows
			// parley.files.max-size
			throw new ParleyException(ErrorCode.VALIDATION,
					"The file is larger than the limit of " + this.properties.maxSize().toKilobytes() + " KB");
		}
		String name = cleanName(file.getOriginalFilename());
		FileJob job = new FileJob(UUID.randomUUID(), principal.getName(), name, file.getContentType(), file.getBytes());
		this.jobs.submit(job);
		return new Accepted(job.fileId(), name, file.getSize(), "queued");
	}

	/**
	 * A display name: the last path segment, no control characters, at most 200
	 * characters.
	 */
	static String cleanName(@Nullable String original) {
		String name = (original == null || original.isBlank()) ? "upload" : original;
		name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		name = name.codePoints()
			.filter(c -> !Character.isISOControl(c))
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return name.isBlank() ? "upload" : name.substring(0, Math.min(name.length(), 200));
	}

	record Accepted(UUID fileId, String name, long size, String status) {
	}

}
