package dev.parley.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates HTTP requests that carry {@code Authorization: Bearer <jwt>}. A bad token
 * is answered with 401 at once rather than falling through as anonymous, so callers learn
 * that their token is the problem.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

	private final JwtService jwt;

	private final ProblemResponses problems;

	BearerTokenFilter(JwtService jwt, ProblemResponses problems) {
		this.jwt = jwt;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null) {
			chain.doFilter(request, response);
			return;
		}
		Authentication authentication;
		try {
			authentication = this.jwt.authenticate(JwtService.bearer(header));
		}
		catch (AuthenticationException ex) {
			SecurityContextHolder.clearContext();
			this.problems.commence(request, response, ex);
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
