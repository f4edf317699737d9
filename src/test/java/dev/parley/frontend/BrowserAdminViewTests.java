package dev.parley.frontend;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.parley.support.Api;
import dev.parley.support.BrowserTest;
import dev.parley.support.ParleyTest;

import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live admin view ({@code admin.html}) in headless Chromium: the demo admin signs in
 * and watches the figures move while another client sends messages; a user who signs in
 * there is refused by the server (the SUBSCRIBE to {@code /topic/admin.stats} is answered
 * FORBIDDEN) and the page says so.
 */
@ParleyTest
@Import(ServerSockets.class)
@BrowserTest
class BrowserAdminViewTests extends TwoPages {

	@Test
	void anAdminSeesTheFiguresMoveWhileMessagesAreSent() {
		ChatPage admin = this.alice.open("admin.html");
		assertThat(admin.driver().findElements(By.cssSelector("#demo-list button")).stream().map(WebElement::getText))
			.contains("admin");
		signIn(admin, "admin", "demo");
		admin.await(d -> "live".equals(state(admin)));
		admin.await(d -> !d.findElements(By.cssSelector("#nodes tbody tr")).isEmpty());
		long before = number(admin, "total-received");

		String sender = Api.newUser("carol");
		String conversation = this.api.createConversation(sender).toString();
		for (int i = 0; i < 3; i++) {
			post(sender, conversation, "busy " + i);
		}
		admin.await(d -> number(admin, "total-received") >= before + 3);
		admin.await(d -> d.findElements(By.cssSelector("#busiest li"))
			.stream()
			.anyMatch(li -> li.getText().equals(conversation + ": 3")));
		// the chart has drawn the last seconds, and the node's row shows the broker and
		// database
		assertThat(admin.driver().findElement(By.cssSelector("#rate-chart polyline")).getDomAttribute("points"))
			.isNotBlank();
		admin.await(d -> d.findElement(By.cssSelector("#nodes tbody tr td:last-child")).getText().equals("UP"));
		assertThat(admin.driver().findElement(By.cssSelector("#nodes tbody tr td:nth-child(10)")).getText())
			.isEqualTo("UP (simple)");
		assertThat(admin.driver().findElement(By.id("refused")).isDisplayed()).isFalse();
	}

	@Test
	void aUserIsRefusedTheFigures() {
		ChatPage user = this.bob.open("admin.html");
		signIn(user, "alice", "demo");
		user.await(d -> "refused".equals(state(user)));
		String refusal = user.driver().findElement(By.cssSelector("#refused[role=alert]")).getText();
		// the server's own words, from the FORBIDDEN answer to the SUBSCRIBE
		assertThat(refusal).startsWith("Admins only: signed in as alice (USER).")
			.contains("/topic/admin.stats needs the ADMIN role");
		assertThat(user.driver().findElement(By.id("figures")).isDisplayed()).isFalse();
		// and no figures ever arrive
		Awaitility.await()
			.during(Duration.ofMillis(2500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> user.driver().findElements(By.cssSelector("#nodes tbody tr")).isEmpty()
					&& "0".equals(user.driver().findElement(By.id("total-nodes")).getDomProperty("textContent")));
	}

	private static void signIn(ChatPage page, String user, String password) {
		page.field("Username").sendKeys(user);
		page.field("Password").sendKeys(password);
		page.button("Sign in").click();
	}

	private static String state(ChatPage page) {
		return page.driver().findElement(By.id("admin-view")).getDomAttribute("data-admin-state");
	}

	private static long number(ChatPage page, String id) {
		return Long.parseLong(page.driver().findElement(By.id(id)).getText());
	}

	private void post(String sender, String conversation, String content) {
		RateLimitedPosts.post(this.api, sender, conversation, content);
	}

}
