package dev.parley.security;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.parley.errors.ErrorCode;
import dev.parley.errors.ParleyException;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/auth/token}: trade a username and password for a JWT.
 * {@code GET /api/auth/demo-users} tells a sign-in page which demo accounts exist (404
 * when they are off, as in production).
 */
@RestController
class AuthController {

	private final AuthenticationManager authenticationManager;

	private final JwtService jwt;

	private final boolean demoUsers;

	AuthController(AuthenticationManager authenticationManager, JwtService jwt, SecurityProperties properties) {
		this.authenticationManager = authenticationManager;
		this.jwt = jwt;
		this.demoUsers = properties.demoUsers();
	}

	@GetMapping("/api/auth/demo-users")
	DemoUsers demoUsers() {
		if (!this.demoUsers) {
			throw new ParleyException(ErrorCode.NOT_FOUND, "Demo users are off");
		}
		return new DemoUsers(DemoUsersConfig.DEMO_USERS, DemoUsersConfig.DEMO_SERVICE, DemoUsersConfig.DEMO_ADMIN,
				DemoUsersConfig.DEMO_PASSWORD);
	}

	@PostMapping("/api/auth/token")
	TokenResponse token(@RequestBody TokenRequest request) {
		if (request.username() == null || request.password() == null) {
			throw new ParleyException(ErrorCode.VALIDATION, "username and password are required");
		}
		Authentication authentication;
		try {
			authentication = this.authenticationManager.authenticate(
					UsernamePasswordAuthenticationToken.unauthenticated(request.username(), request.password()));
		}
		catch (AuthenticationException ex) {
			throw new ParleyException(ErrorCode.UNAUTHORIZED, "Bad username or password");
		}
		JwtService.MintedToken minted = this.jwt.mint(authentication.getName(), JwtService.rolesOf(authentication));
		return new TokenResponse(minted.token(), minted.expiresAt());
	}

	record TokenRequest(@Nullable String username, @Nullable String password) {
	}

	record DemoUsers(List<String> users, String service, String admin, String password) {
	}

	record TokenResponse(String token, Instant expiresAt) {
	}

}
