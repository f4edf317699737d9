package dev.parley.conversation;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.ParleyTest;
import dev.parley.support.StompTestClient;
import dev.parley.support.StompTestClient.Session;
import dev.parley.support.StompTestClient.Subscription;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API: tokens, conversations, posting messages, and errors as problem details.
 */
@ParleyTest
class HttpApiTests {

	@LocalServerPort
	int port;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
	}

	@Test
	void demoUsersGetATokenThatWorksOnTheApiAndTheSocket() {
		Api.Response response = this.api.post("/api/auth/token", null,
				"{\"username\":\"carol\",\"password\":\"demo\"}");
		assertThat(response.status()).isEqualTo(200);
		String token = response.json().get("token").asString();
		assertThat(response.json().get("expiresAt").asString()).isNotBlank();
		assertThat(this.api.get("/api/conversations", token).status()).isEqualTo(200);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(token)) {
			assertThat(session.isConnected()).isTrue();
		}
	}

	@Test
	void theSignInPageCanListTheDemoAccountsWithoutSigningIn() {
		Api.Response response = this.api.get("/api/auth/demo-users", null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("users").valueStream().map(JsonNode::asString).toList()).contains("alice",
				"bob");
		assertThat(response.json().get("password").asString()).isEqualTo("demo");
	}

	@Test
	void badCredentialsAre401ProblemDetails() {
		for (String body : new String[] { "{\"username\":\"carol\",\"password\":\"wrong\"}",
				"{\"username\":\"nobody\",\"password\":\"demo\"}" }) {
			Api.Response response = this.api.post("/api/auth/token", null, body);
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.json().get("code").asString()).isEqualTo("UNAUTHORIZED");
			assertThat(response.json().get("detail").asString()).isEqualTo("Bad username or password");
		}
		assertThat(this.api.post("/api/auth/token", null, "{\"username\":\"carol\"}").status()).isEqualTo(400);
	}

	@Test
	void theServiceAccountGetsTheServiceRole() {
		Api.Response response = this.api.post("/api/auth/token", null,
				"{\"username\":\"backend\",\"password\":\"demo\"}");
		String claims = new String(
				java.util.Base64.getUrlDecoder().decode(response.json().get("token").asString().split("\\.")[1]));
		assertThat(claims).contains("\"sub\":\"backend\"")
			.contains("\"roles\":[\"SERVICE\"]")
			.contains("\"iss\":\"parley\"");
	}

	@Test
	void anonymousForgedAndExpiredCallersAre401() {
		assertThat(this.api.get("/api/conversations", null).status()).isEqualTo(401);
		Api.Response forged = this.api.get("/api/conversations", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl");
		assertThat(forged.status()).isEqualTo(401);
		assertThat(forged.json().get("detail").asString()).isEqualTo("Invalid token");
		Api.Response expired = this.api.get("/api/conversations",
				Api.token("alice", java.time.Duration.ofMinutes(-5), "USER"));
		assertThat(expired.status()).isEqualTo(401);
		assertThat(expired.json().get("detail").asString()).isEqualTo("Token has expired");
	}

	@Test
	void creatingAConversationAddsTheCreatorAndListingShowsOnlyMine() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		String carol = Api.newUser("carol");
		Api.Response created = this.api.postJson("/api/conversations", Api.token(alice),
				Map.of("title", "  Lunch  ", "members", List.of(bob, bob)));
		assertThat(created.status()).isEqualTo(201);
		JsonNode body = created.json();
		UUID id = UUID.fromString(body.get("id").asString());
		assertThat(body.get("title").asString()).isEqualTo("Lunch");
		assertThat(body.get("members").valueStream().map(JsonNode::asString).toList()).containsExactlyInAnyOrder(alice,
				bob);
		assertThat(body.get("createdAt").asString()).isNotBlank();

		assertThat(ids(this.api.get("/api/conversations", Api.token(bob)).json())).containsExactly(id.toString());
		assertThat(ids(this.api.get("/api/conversations", Api.token(carol)).json())).isEmpty();
	}

	@Test
	void membersWithAnOpenSessionHearOfANewConversation() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		String carol = Api.newUser("carol");
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session bobSession = client.connect(Api.token(bob));
				Session carolSession = client.connect(Api.token(carol))) {
			Subscription bobHears = bobSession.subscribe("/user/queue/conversations");
			Subscription carolHears = carolSession.subscribe("/user/queue/conversations");
			Api.Response created = this.api.postJson("/api/conversations", Api.token(alice),
					Map.of("title", "Plans", "members", List.of(bob)));
			assertThat(created.status()).isEqualTo(201);

			JsonNode event = bobHears.nextJson();
			assertThat(event.get("type").asString()).isEqualTo("conversation");
			assertThat(event.get("id").asString()).isEqualTo(created.json().get("id").asString());
			assertThat(event.get("title").asString()).isEqualTo("Plans");
			assertThat(event.get("members").valueStream().map(JsonNode::asString).toList())
				.containsExactlyInAnyOrder(alice, bob);
			carolHears.expectNothing();
		}
	}

	@Test
	void invalidConversationsAreValidationErrors() {
		String token = Api.token(Api.newUser("alice"));
		for (Object body : new Object[] { Map.of("members", List.of()), Map.of("title", " "),
				Map.of("title", "x".repeat(201)), Map.of("title", "t", "members", List.of("bad name")),
				Map.of("title", "t", "members", List.of("a/b")) }) {
			Api.Response response = this.api.postJson("/api/conversations", token, body);
			assertThat(response.status()).as(body.toString()).isEqualTo(400);
			assertThat(response.json().get("code").asString()).isEqualTo("VALIDATION");
		}
		Api.Response malformed = this.api.post("/api/conversations", token, "{\"title\":");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.json().get("code").asString()).isEqualTo("BAD_REQUEST");
		assertThat(malformed.body()).doesNotContain("Exception").doesNotContain("at dev.parley");
	}

	@Test
	void postedMessagesArePublishedExactlyAsAStompSend() {
		String alice = Api.newUser("alice");
		UUID conversation = this.api.createConversation(alice);
		try (StompTestClient client = StompTestClient.nativeWebSocket(this.port);
				Session session = client.connect(Api.token(alice))) {
			Subscription messages = session.subscribe("/topic/conversation." + conversation);
			Api.Response posted = this.api.postJson("/api/conversations/" + conversation + "/messages",
					Api.token(alice), Map.of("content", "<script>x</script>", "clientMessageId", "h-1"));
			assertThat(posted.status()).isEqualTo(201);
			JsonNode delivered = messages.nextJson();
			assertThat(delivered).isEqualTo(posted.json());
			assertThat(delivered.get("sender").asString()).isEqualTo(alice);
			assertThat(delivered.get("content").asString()).isEqualTo("<script>x</script>");

			String service = Api.newUser("billing");
			Api.Response fromService = this.api.postJson("/api/conversations/" + conversation + "/messages",
					Api.token(service, "SERVICE"), Map.of("content", "Invoice ready"));
			assertThat(fromService.status()).isEqualTo(201);
			assertThat(messages.nextJson().get("sender").asString()).isEqualTo(service);
		}
	}

	@Test
	void nonMembersAndUnknownConversationsAreRefused() {
		String alice = Api.newUser("alice");
		UUID conversation = this.api.createConversation(alice);
		Api.Response outsider = this.api.postJson("/api/conversations/" + conversation + "/messages",
				Api.token(Api.newUser("mallory")), Map.of("content", "hi"));
		assertThat(outsider.status()).isEqualTo(403);
		assertThat(outsider.json().get("code").asString()).isEqualTo("FORBIDDEN");

		Api.Response unknown = this.api.postJson("/api/conversations/" + UUID.randomUUID() + "/messages",
				Api.token(alice), Map.of("content", "hi"));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("code").asString()).isEqualTo("NOT_FOUND");

		Api.Response unknownForService = this.api.postJson("/api/conversations/" + UUID.randomUUID() + "/messages",
				Api.token("svc", "SERVICE"), Map.of("content", "hi"));
		assertThat(unknownForService.status()).isEqualTo(404);

		Api.Response empty = this.api.postJson("/api/conversations/" + conversation + "/messages", Api.token(alice),
				Map.of("content", ""));
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.json().get("code").asString()).isEqualTo("VALIDATION");
	}

	@Test
	void unknownPathsAreDenied() {
		assertThat(this.api.get("/api/nothing-here", Api.token("alice")).status()).isEqualTo(404);
		assertThat(this.api.get("/secret", null).status()).isIn(401, 403);
		// the handshake's own open filter chain covers the handshake and nothing below it
		// open, but not an upgrade request
		assertThat(this.api.get("/ws", null).status()).isEqualTo(400);
		assertThat(this.api.get("/ws/x", null).status()).isIn(401, 403);
	}

	private static List<String> ids(JsonNode list) {
		return list.valueStream().map(node -> node.get("id").asString()).toList();
	}

}
