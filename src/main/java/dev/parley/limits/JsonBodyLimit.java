package dev.parley.limits;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ErrorMetrics;
import dev.parley.errors.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The JSON HTTP API reads bodies of at most {@code parley.limits.max-json-body} (64 KB):
 * a larger one — declared by {@code Content-Length}, or found while reading a body sent
 * without one — is answered 413 with a problem detail before anything parses it. Uploads
 * ({@code multipart}) have their own limit.
 */
@Component
class JsonBodyLimit extends OncePerRequestFilter {

	private final long limit;

	private final JsonMapper jsonMapper;

	private final ErrorMetrics metrics;

	JsonBodyLimit(LimitsProperties limits, JsonMapper jsonMapper, ErrorMetrics metrics) {
		this.limit = limits.maxJsonBody().toBytes();
		this.jsonMapper = jsonMapper;
		this.metrics = metrics;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String type = request.getContentType();
		return this.limit <= 0 || type == null
				|| !MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_JSON)
						&& !type.contains("+json");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.limit) {
			refuse(response);
			return;
		}
		if (declared >= 0) {
			chain.doFilter(request, response); // the container reads no more than
												// declared
			return;
		}
		byte[] body = readAtMost(request.getInputStream(), this.limit);
		if (body == null) {
			refuse(response);
			return;
		}
		chain.doFilter(new ReadBody(request, body), response);
	}

	/** The stream's bytes, or null if there are more than {@code limit}. */
	private static byte[] readAtMost(InputStream in, long limit) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int read;
		while ((read = in.read(buffer)) >= 0) {
			out.write(buffer, 0, read);
			if (out.size() > limit) {
				return null;
			}
		}
		return out.toByteArray();
	}

	private void refuse(HttpServletResponse response) throws IOException {
		this.metrics.count(ErrorCode.VALIDATION);
		ProblemDetail problem = Problems.of(ErrorCode.VALIDATION,
				"The request body is larger than the limit of " + (this.limit / 1024) + " KB");
		problem.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
		response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setHeader("Connection", "close"); // the rest of the body is not read
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

	/** A request whose body was read already. */
	private static final class ReadBody extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("blocking reads only");
				}
			};
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
