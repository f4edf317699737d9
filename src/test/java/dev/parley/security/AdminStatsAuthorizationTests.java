package dev.parley.security;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
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
 * {@code /topic/admin.stats} carries every node's figures once a second: only ADMIN may
 * subscribe (USER and SERVICE are refused with FORBIDDEN and get nothing), and nobody, an
 * admin included, may send to it.
 */
@ParleyTest
class AdminStatsAuthorizationTests {

	static final String STATS = "/topic/admin.stats";

	/** Longer than the one-second tick, so that a leak would show. */
	static final Duration TWO_TICKS = Duration.ofMillis(2500);

	@LocalServerPort
	int port;

	StompTestClient client;

	@BeforeEach
	void setUp() {
		this.client = StompTestClient.nativeWebSocket(this.port);
	}

	@AfterEach
	void tearDown() {
		this.client.close();
	}

	@Test
	void usersAndServicesAreRefusedTheAdminFigures() {
		for (String role : new String[] { "USER", "SERVICE" }) {
			try (Session session = this.client.connect(Api.token(Api.newUser(role.toLowerCase()), role))) {
				Subscription errors = session.errors();
				Subscription spy = session.subscribeWithReceipt(STATS);
				JsonNode error = errors.nextJson();
				assertThat(error.get("code").asString()).as(role).isEqualTo("FORBIDDEN");
				assertThat(error.get("message").asString()).as(role).startsWith("Admins only");
				assertThat(error.get("destination").asString()).isEqualTo(STATS);
				assertThat(error.get("receiptId").asString()).isEqualTo(spy.receipt().id());
				assertThat(spy.poll(TWO_TICKS)).as(role + " got figures").isNull();
				assertThat(spy.receipt().isReceived()).isFalse();
				assertThat(session.isConnected()).isTrue();
			}
		}
	}

	@Test
	void anAdminSubscribesAndGetsTheFigures() {
		try (Session admin = this.client.connect(Api.token(Api.newUser("admin"), "ADMIN"))) {
			Subscription stats = admin.subscribe(STATS);
			assertThat(stats.nextJson().get("type").asString()).isEqualTo("admin-stats");
		}
	}

	@Test
	void nobodySendsToTheAdminFigures() {
		try (Session admin = this.client.connect(Api.token(Api.newUser("admin"), "ADMIN", "USER"))) {
			Subscription stats = admin.subscribe(STATS);
			Subscription errors = admin.errors();
			admin.sendWithReceipt(STATS, Map.of("type", "admin-stats", "node", "forged"));
			assertThat(errors.nextJson().get("code").asString()).isEqualTo("FORBIDDEN");
			// the genuine figures keep coming, the forged one never does
			for (int i = 0; i < 2; i++) {
				assertThat(stats.nextJson().get("node").asString()).isNotEqualTo("forged");
			}
		}
	}

}
