package dev.parley.frontend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.BrowserTest;
import dev.parley.support.ParleyTest;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample page in real headless Chromium against a running Parley: people chat, see
 * each other type and come and go, survive a dropped connection without losing or
 * doubling a message, and never run what someone else typed.
 */
@ParleyTest
@Import(ServerSockets.class)
// 2 messages per second (the other tests' 8): the page sends one message per receipt, and
// a round trip slower than 1/8 s (a durable commit on a busy machine) never met the limit
// of 8, so the burst test failed on slow hosts
@TestPropertySource(properties = "parley.limits.burst-per-second=2")
@BrowserTest
class BrowserChatTests extends TwoPages {

	@Test
	void twoPeopleChatAndSeeEachOtherTypeAndComeAndGo() {
		String title = "Launch " + UUID.randomUUID().toString().substring(0, 8);
		this.alice.open("").signIn("alice", "demo");
		this.bob.open("").signIn("bob", "demo");

		this.alice.newConversation(title, "bob");
		// bob's page learns of it at once (/user/queue/conversations) and says so
		this.bob.await(d -> this.bob.toasts().stream().anyMatch(t -> t.contains(title)));
		this.bob.openConversation(title);
		this.alice.await(d -> this.alice.presenceOf("bob").startsWith("online/"));
		assertThat(this.alice.presenceOf("bob")).contains("status-online");

		this.alice.type("Hello");
		this.bob.await(d -> this.bob.typing().equals("alice is typing…"));
		this.alice.send(" bob");
		this.bob.await(d -> this.bob.messages().contains("alice: Hello bob"));
		this.bob.await(d -> this.bob.typing().isEmpty());
		assertThat(this.alice.ownMessages()).containsExactly("Hello bob");

		this.bob.send("Hi alice, <b>welcome</b>");
		this.alice.await(d -> this.alice.messages().size() == 2);
		assertThat(this.alice.messages()).containsExactly("alice: Hello bob", "bob: Hi alice, <b>welcome</b>");
		assertThat(this.bob.messages()).containsExactly("alice: Hello bob", "bob: Hi alice, <b>welcome</b>");
		this.bob.type("Shall we");
		this.alice.await(d -> this.alice.typing().equals("bob is typing…"));
		screenshotIfAsked();

		new Select(this.bob.field("My status")).selectByVisibleText("Away");
		this.alice.await(d -> this.alice.presenceOf("bob").startsWith("away/"));
		assertThat(this.alice.presenceOf("bob")).contains("status-away");

		this.bob.button("Sign out").click();
		this.bob.awaitStatus("Offline");
		this.alice.await(d -> this.alice.presenceOf("bob").startsWith("offline/"));
		assertThat(this.alice.presenceOf("bob")).contains("status-offline");

		// the history is there for the next visit, in order
		this.bob.signIn("bob", "demo").openConversation(title);
		this.bob.await(d -> this.bob.messages().size() == 2);
		assertThat(this.bob.messages()).containsExactly("alice: Hello bob", "bob: Hi alice, <b>welcome</b>");
	}

	@Test
	void wrongPasswordsAreExplainedAndTheDemoAccountsListed() {
		this.alice.open("");
		assertThat(this.alice.driver().findElements(By.cssSelector("#demo-list button")).stream().map(b -> b.getText()))
			.contains("alice", "bob");
		this.alice.field("Username").sendKeys("alice");
		this.alice.field("Password").sendKeys("not-the-password");
		this.alice.button("Sign in").click();
		this.alice.await(d -> this.alice.driver()
			.findElement(By.id("sign-in-error"))
			.getText()
			.equals("Wrong username or password."));
		assertThat(this.alice.status()).isEqualTo("Offline");
	}

	@Test
	void htmlFromOtherPeopleIsShownAsTextAndNeverRuns() {
		String alice = Api.newUser("alice");
		String mallory = Api.newUser("mallory");
		String title = "<img src=x onerror=\"window.pwned='title'\">Plans";
		String id = createConversation(mallory, title, alice);
		String attack = "<img src=x onerror=\"window.pwned='img'\"><script>window.pwned='script'</script><b>bold</b>";
		post(mallory, id, attack);

		this.alice.signInWithToken(alice, Api.token(alice), "").openConversation(title);
		this.alice.await(d -> this.alice.messages().size() == 1);
		assertThat(this.alice.messages()).containsExactly(mallory + ": " + attack);
		post(mallory, id, "<svg onload=\"window.pwned='live'\"></svg>");
		this.alice.await(d -> this.alice.messages().size() == 2);
		assertThat(this.alice.messages().get(1)).endsWith("<svg onload=\"window.pwned='live'\"></svg>");

		assertThat(this.alice.driver()
			.findElements(By.cssSelector("#messages img, #messages script, #messages b, "
					+ "#messages svg, #conversations img, #conversation-title img")))
			.isEmpty();
		assertThat(this.alice.js("return window.pwned === undefined")).isEqualTo(true);
		// and a second line of defence: the Content-Security-Policy keeps inline script
		// from running at all
		this.alice.js("const s = document.createElement('script'); s.textContent = 'window.inline = true';"
				+ " document.body.append(s)");
		assertThat(this.alice.js("return window.inline === undefined")).isEqualTo(true);
	}

	@Test
	void theSockJsFallbackPageChats() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		String id = createConversation(bob, "Over SockJS", alice);
		this.alice.signInWithToken(alice, Api.token(alice), "?transport=sockjs").openConversation("Over SockJS");
		assertThat(this.alice
			.js("return performance.getEntriesByType('resource')" + ".some(e => e.name.includes('/sockjs/info'))"))
			.isEqualTo(true);
		assertThat(this.alice.driver().findElement(By.id("transport-name")).getText()).isEqualTo("SockJS");

		this.alice.send("sent through SockJS");
		post(bob, id, "and back");
		this.alice.await(d -> this.alice.messages().size() == 2);
		assertThat(this.alice.messages()).containsExactly(alice + ": sent through SockJS", bob + ": and back");
		assertThat(history(alice, id)).containsExactly("sent through SockJS", "and back");
	}

	@Test
	void theLegacyStompJsPageChatsToo() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		String id = createConversation(bob, "Old client", alice);
		this.alice.signInWithToken(alice, Api.token(alice), "?client=legacy").openConversation("Old client");
		assertThat(this.alice.js("return typeof Stomp !== 'undefined' && typeof StompJs === 'undefined'"))
			.isEqualTo(true);
		assertThat(this.alice.driver().findElement(By.id("client-name")).getText()).contains("2.3");

		this.alice.send("from stomp.js 2.3");
		post(bob, id, "welcome back");
		this.alice.await(d -> this.alice.messages().size() == 2);
		assertThat(this.alice.messages()).containsExactly(alice + ": from stomp.js 2.3", bob + ": welcome back");
		this.bob.signInWithToken(bob, Api.token(bob), "").openConversation("Old client");
		this.alice.type("x");
		this.bob.await(d -> this.bob.typing().equals(alice + " is typing…"));
	}

	@Test
	void afterTheServerDropsTheConnectionThePageReconnectsSendsWhatWasTypedOnceAndShowsWhatItMissed() throws Exception {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		String id = createConversation(bob, "Flaky line", alice);
		post(bob, id, "before the drop");
		this.alice.signInWithToken(alice, Api.token(alice), "").openConversation("Flaky line");
		this.alice.await(d -> this.alice.messages().size() == 1);

		this.sockets.goDown();
		this.alice.awaitStatus("Reconnecting…");
		this.alice.send("typed while disconnected");
		this.alice.await(d -> this.alice.pendingMessages().equals(List.of("typed while disconnected")));
		post(bob, id, "missed 1");
		post(bob, id, "missed 2");

		this.sockets.comeBack();
		this.alice.awaitStatus("Connected");
		this.alice.await(d -> this.alice.messages().size() == 4 && this.alice.pendingMessages().isEmpty());
		assertThat(this.alice.messages()).containsExactly(bob + ": before the drop", bob + ": missed 1",
				bob + ": missed 2", alice + ": typed while disconnected");
		assertThat(history(alice, id)).containsExactly("before the drop", "missed 1", "missed 2",
				"typed while disconnected");

		// live delivery works again on the new connection
		post(bob, id, "after the drop");
		this.alice.await(d -> this.alice.messages().size() == 5);
		assertThat(this.alice.messages().get(4)).isEqualTo(bob + ": after the drop");
	}

	@Test
	void aMessageSentAsTheLineDropsIsStoredOnceWhateverTheTiming() throws Exception {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		String id = createConversation(bob, "Race", alice);
		this.alice.signInWithToken(alice, Api.token(alice), "").openConversation("Race");
		// Enter and the drop in one go: the SEND may or may not have reached the server
		// before its socket closed
		this.alice.send("on the edge");
		this.sockets.goDown();
		this.sockets.comeBack();
		this.alice.awaitStatus("Connected");
		this.alice.await(d -> this.alice.messages().size() == 1 && this.alice.pendingMessages().isEmpty());
		post(bob, id, "got it");
		this.alice.await(d -> this.alice.messages().size() == 2);
		assertThat(history(alice, id)).containsExactly("on the edge", "got it");
	}

	@Test
	void uploadProgressNotificationsAndRateLimitsShowInWords(@TempDir Path folder) throws Exception {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		String id = createConversation(bob, "Busy", alice);
		this.alice.signInWithToken(alice, Api.token(alice), "").openConversation("Busy");

		// file progress, recorded as the page shows it (every text the stage line is
		// given, even several within one task when progress overtakes the HTTP answer)
		// (the record's target, not the node's parent: a text replaced again within the
		// same task is detached by the time the observer runs, and has no parent any
		// more)
		this.alice.js("window.stages = []; new MutationObserver(records => records.forEach(r => r.addedNodes"
				+ ".forEach(n => { if (n.nodeType === 3 && r.target.classList.contains('upload-stage'))"
				+ " window.stages.push(n.data); }))).observe(document.getElementById('uploads'),"
				+ " {subtree: true, childList: true})");
		Path file = folder.resolve("report.txt");
		Files.writeString(file, "quarterly figures\n".repeat(8000));
		this.alice.upload(file);
		this.alice.await(d -> this.alice.uploadStage().startsWith("Done"));
		assertThat(this.alice.uploadStage()).contains("text/plain");
		assertThat(this.alice.uploadProgress()).isEqualTo(100);
		@SuppressWarnings("unchecked")
		List<String> stages = (List<String>) this.alice.js("return window.stages");
		assertThat(stages).anyMatch(s -> s.startsWith("Checksum")).anyMatch(s -> s.startsWith("Sniffing"));
		assertThat(stages.get(stages.size() - 1)).startsWith("Done");

		// a notification from a backend service becomes a toast, as text
		Api.Response notified = this.api.postJson("/api/users/" + alice + "/notifications",
				Api.token("billing", "SERVICE"), Map.of("title", "Invoice ready", "text", "<b>#7</b> is paid"));
		assertThat(notified.status()).isEqualTo(202);
		this.alice.await(d -> this.alice.toasts()
			.stream()
			.anyMatch(t -> t.contains("Invoice ready") && t.contains("<b>#7</b> is paid")));

		// faster than the burst limit (2/s here): the page says so and still delivers
		// each message once, in order
		List<String> burst = IntStream.rangeClosed(1, 12).mapToObj(i -> "burst " + i).toList();
		// one keystroke sequence: Enter after each line
		this.alice.send(String.join("\n", burst));
		this.alice.await(d -> this.alice.error().startsWith("You are sending too fast"));
		this.alice.await(d -> this.alice.messages().size() == 12 && this.alice.pendingMessages().isEmpty());
		List<String> expected = new ArrayList<>(burst.stream().map(m -> alice + ": " + m).toList());
		assertThat(this.alice.messages()).containsExactlyElementsOf(expected);
		assertThat(history(alice, id)).containsExactlyElementsOf(burst);
	}

	private String createConversation(String creator, String title, String... members) {
		return this.api.createTitledConversation(creator, title, members).toString();
	}

	private void post(String sender, String conversation, String content) {
		RateLimitedPosts.post(this.api, sender, conversation, content);
	}

	private List<String> history(String user, String conversation) {
		JsonNode page = this.api
			.get("/api/conversations/" + conversation + "/messages?after=0&limit=500", Api.token(user))
			.json();
		return page.valueStream().map(m -> m.get("content").asString()).toList();
	}

	/**
	 * {@code -Dparley.screenshot=docs/images/chat.png} saves the chat as README shows it.
	 */
	private static void screenshotIfAsked() {
		String target = System.getProperty("parley.screenshot");
		if (target == null) {
			return;
		}
		try {
			Path path = Path.of(target);
			Files.createDirectories(path.toAbsolutePath().getParent());
			Files.write(path, first.screenshot());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
