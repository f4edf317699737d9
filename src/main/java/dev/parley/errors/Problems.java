package dev.parley.errors;

import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details with Parley's error code in a {@code code} property.
 */
public final class Problems {

	private Problems() {
	}

	public static ProblemDetail of(ErrorCode code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
		problem.setProperty("code", code.name());
		return problem;
	}

}
