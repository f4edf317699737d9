package dev.parley.errors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every HTTP API error is a problem detail with a {@code code}; nothing leaks a stack
 * trace or an internal message.
 */
@RestControllerAdvice
class HttpErrorAdvice extends ResponseEntityExceptionHandler {

	private static final Log log = LogFactory.getLog(HttpErrorAdvice.class);

	private final ErrorMetrics metrics;

	private final Environment environment;

	HttpErrorAdvice(ErrorMetrics metrics, Environment environment) {
		this.metrics = metrics;
		this.environment = environment;
	}

	@ExceptionHandler(MultipartException.class)
	ResponseEntity<ProblemDetail> badUpload(MultipartException ex) {
		this.metrics.count(ErrorCode.BAD_REQUEST);
		return ResponseEntity.badRequest()
			.body(Problems.of(ErrorCode.BAD_REQUEST, "Send the file as multipart/form-data in a part named file"));
	}

	@ExceptionHandler(ParleyException.class)
	ResponseEntity<ProblemDetail> refused(ParleyException ex) {
		this.metrics.count(ex.code());
		ProblemDetail problem = Problems.of(ex.code(), ex.getMessage());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.code().status());
		if (ex.code() == ErrorCode.UNAUTHORIZED) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		return response.body(problem);
	}

	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<ProblemDetail> storeDown(Exception ex) {
		log.warn("Database access failed: " + ex.getMessage());
		this.metrics.count(ErrorCode.UNAVAILABLE);
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(Problems.of(ErrorCode.UNAVAILABLE, "The message store is unavailable; retry shortly"));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected error in HTTP API", ex);
		this.metrics.count(ErrorCode.UNAVAILABLE);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");
		problem.setProperty("code", ErrorCode.UNAVAILABLE.name());
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		this.metrics.count(ErrorCode.VALIDATION);
		DataSize configured = this.environment.getProperty("spring.servlet.multipart.max-file-size", DataSize.class);
		long bytes = (ex.getMaxUploadSize() > 0) ? ex.getMaxUploadSize()
				: (configured != null) ? configured.toBytes() : -1;
		String limit = (bytes > 0) ? " of " + (bytes / 1024) + " KB" : "";
		ProblemDetail problem = Problems.of(ErrorCode.VALIDATION, "The file is larger than the limit" + limit);
		problem.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		this.metrics.count(ErrorCode.BAD_REQUEST);
		return ResponseEntity.badRequest()
			.body(Problems.of(ErrorCode.BAD_REQUEST,
					"Request body is missing or is not valid JSON of the expected shape"));
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem && problem.getProperties() == null) {
			problem.setProperty("code", codeFor(statusCode).name());
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ErrorCode codeFor(HttpStatusCode status) {
		return switch (status.value()) {
			case 401 -> ErrorCode.UNAUTHORIZED;
			case 403 -> ErrorCode.FORBIDDEN;
			case 404, 405 -> ErrorCode.NOT_FOUND;
			case 429 -> ErrorCode.RATE_LIMITED;
			default -> status.is5xxServerError() ? ErrorCode.UNAVAILABLE : ErrorCode.BAD_REQUEST;
		};
	}

}
