package dev.parley.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.Problems;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Writes 401 and 403 from the filter chain as RFC 9457 problem details, like every other
 * API error.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final JsonMapper jsonMapper;

	ProblemResponses(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		String detail = (authException.getMessage() != null && request.getHeader("Authorization") != null)
				? authException.getMessage() : "Authentication required: send Authorization: Bearer <token>";
		if (authException instanceof AuthenticationServiceException) {
			// the token may be fine: its issuer's keys could not be fetched
			response.setHeader("Retry-After", "5");
			write(response, Problems.of(ErrorCode.UNAVAILABLE, authException.getMessage()));
			return;
		}
		response.setHeader("WWW-Authenticate", "Bearer");
		write(response, Problems.of(ErrorCode.UNAUTHORIZED, detail));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		write(response, Problems.of(ErrorCode.FORBIDDEN, "Not allowed"));
	}

	void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
