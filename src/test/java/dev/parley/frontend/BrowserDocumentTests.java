package dev.parley.frontend;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import tools.jackson.databind.JsonNode;

import dev.parley.support.Api;
import dev.parley.support.BrowserTest;
import dev.parley.support.ParleyTest;

import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared documents in the sample page, in real headless Chromium against a running
 * Parley: two members typing into one paragraph at once end with the same text as the
 * server, a page that was offline merges what it typed with what the other wrote
 * meanwhile, a non-member cannot open a document, and a document's text and title are
 * shown as text.
 */
@ParleyTest
@Import(ServerSockets.class)
@BrowserTest
class BrowserDocumentTests extends TwoPages {

	@Test
	void twoMembersTypingIntoTheSameParagraphAtOnceEndWithTheServersText() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID conversation = this.api.createTitledConversation(alice, "Minutes", bob);
		UUID document = createDocument(alice, conversation, "Agenda");
		edit(alice, conversation, document, 0, List.of("Intro.\nWe agreed: \nEnd."));

		openDocument(this.alice.signInWithToken(alice, Api.token(alice), ""), "Minutes", "Agenda");
		openDocument(this.bob.signInWithToken(bob, Api.token(bob), ""), "Minutes", "Agenda");
		awaitText(this.alice, "Intro.\nWe agreed: \nEnd.");
		awaitText(this.bob, "Intro.\nWe agreed: \nEnd.");
		// each sees the other's caret, named
		this.bob.await(d -> caretsIn(this.bob).contains(alice));
		this.alice.await(d -> caretsIn(this.alice).contains(bob));

		// both put their caret after "We agreed: " and type at once, a word at a time
		placeCaret(this.alice, 18);
		placeCaret(this.bob, 18);
		List<String> aliceWords = List.of("ship ", "on ", "Monday ");
		List<String> bobWords = List.of("test ", "all ", "night ");
		for (int i = 0; i < aliceWords.size(); i++) {
			typeHere(this.alice, aliceWords.get(i));
			typeHere(this.bob, bobWords.get(i));
		}

		String server = awaitConverged(conversation, document, alice);
		assertThat(text(this.alice)).isEqualTo(server);
		assertThat(text(this.bob)).isEqualTo(server);
		// every word arrived once, each person's in the order typed, in the paragraph
		String paragraph = server.split("\n")[1];
		assertThat(paragraph).startsWith("We agreed: ");
		assertThat(paragraph.replaceAll("(test |all |night )", "")).isEqualTo("We agreed: ship on Monday ");
		assertThat(paragraph.replaceAll("(ship |on |Monday )", "")).isEqualTo("We agreed: test all night ");
		assertThat(server).startsWith("Intro.\n").endsWith("\nEnd.");
		assertThat(state(this.alice)).isEqualTo("Saved");
		// bob's caret moves to the second line, and alice sees it there
		placeCaret(this.bob, 7);
		this.alice.await(d -> "line 2".equals(whereIs(this.alice, bob)));
		screenshotIfAsked(this.alice);
		// closing the document takes the caret away from the other page
		this.bob.button("Close document").click();
		this.alice.await(d -> !caretsIn(this.alice).contains(bob));
	}

	@Test
	void aPageThatWasOfflineMergesWhatItTypedWithWhatTheOtherWroteMeanwhile() throws Exception {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID conversation = this.api.createTitledConversation(alice, "Plans", bob);
		UUID document = createDocument(alice, conversation, "Trip");
		edit(bob, conversation, document, 0, List.of("Day 1: museum\nDay 2: beach\n"));
		openDocument(this.alice.signInWithToken(alice, Api.token(alice), ""), "Plans", "Trip");
		awaitText(this.alice, "Day 1: museum\nDay 2: beach\n");

		this.sockets.goDown();
		this.alice.awaitStatus("Reconnecting…");
		placeCaret(this.alice, 13);
		typeHere(this.alice, " and lunch");
		this.alice.await(d -> state(this.alice).startsWith("Offline"));
		assertThat(text(this.alice)).isEqualTo("Day 1: museum and lunch\nDay 2: beach\n");
		// meanwhile bob, online, rewrites the second line and adds a third
		edit(bob, conversation, document, 1, List.of(14, Map.of("d", 13), "Day 2: hike\nDay 3: rest\n"));

		this.sockets.comeBack();
		this.alice.awaitStatus("Connected");
		String server = awaitConverged(conversation, document, alice);
		assertThat(server).isEqualTo("Day 1: museum and lunch\nDay 2: hike\nDay 3: rest\n");
		assertThat(text(this.alice)).isEqualTo(server);
		assertThat(state(this.alice)).isEqualTo("Saved");

		// and bob's page, opened now, shows the same
		openDocument(this.bob.signInWithToken(bob, Api.token(bob), ""), "Plans", "Trip");
		awaitText(this.bob, server);
	}

	@Test
	void aNonMemberCannotOpenADocument() {
		String alice = Api.newUser("alice");
		String mallory = Api.newUser("mallory");
		UUID conversation = this.api.createTitledConversation(alice, "Private", Api.newUser("bob"));
		UUID document = createDocument(alice, conversation, "Secrets");
		edit(alice, conversation, document, 0, List.of("the launch code"));

		this.bob.signInWithToken(mallory, Api.token(mallory), "");
		assertThat(this.bob.driver().findElements(By.cssSelector("#conversations .conversation-name"))).isEmpty();
		// the page's own calls, as a curious user would make them from its console
		String status = asyncFetch(this.bob, "/api/conversations/" + conversation + "/documents/" + document);
		assertThat(status).startsWith("403 ").doesNotContain("launch code");
		assertThat(asyncFetch(this.bob, "/api/conversations/" + conversation + "/documents")).startsWith("403 ");
	}

	@Test
	void aDocumentsTitleAndTextAreShownAsTextAndNeverRun() {
		String alice = Api.newUser("alice");
		String mallory = Api.newUser("mallory");
		UUID conversation = this.api.createTitledConversation(mallory, "Shared", alice);
		String title = "<img src=x onerror=\"window.pwned='title'\">Notes";
		UUID document = createDocument(mallory, conversation, title);
		String attack = "<img src=x onerror=\"window.pwned='text'\"><script>window.pwned='script'</script>";
		edit(mallory, conversation, document, 0, List.of(attack));

		openDocument(this.alice.signInWithToken(alice, Api.token(alice), ""), "Shared", title);
		awaitText(this.alice, attack);
		assertThat(this.alice.driver().findElement(By.id("document-title")).getText()).isEqualTo(title);
		// a live edit and a caret of the attacker's, drawn in the mirror, stay text too
		edit(mallory, conversation, document, 1, List.of(attack.length(), "<svg onload=\"window.pwned='live'\">"));
		awaitText(this.alice, attack + "<svg onload=\"window.pwned='live'\">");
		assertThat(this.alice.driver()
			.findElements(By.cssSelector("#documents-panel img, #documents-panel script, #documents-panel svg")))
			.isEmpty();
		assertThat(this.alice.js("return window.pwned === undefined")).isEqualTo(true);
	}

	// ---------- the page, as a person uses it ----------

	private void openDocument(ChatPage page, String conversation, String title) {
		page.openConversation(conversation);
		page.clickItem("#document-list .document-link", title);
		page.await(d -> title.equals(d.findElement(By.id("document-title")).getText())
				&& d.findElement(By.id("document-text")).isEnabled());
	}

	private static WebElement editor(ChatPage page) {
		return page.field("Document text");
	}

	private static String text(ChatPage page) {
		return (String) page.js("return document.getElementById('document-text').value");
	}

	private static String state(ChatPage page) {
		return page.driver().findElement(By.id("document-state")).getText();
	}

	private static void awaitText(ChatPage page, String expected) {
		page.await(d -> expected.equals(text(page)));
	}

	/** Puts the caret at a UTF-16 index of the textarea, as a click there would. */
	private static void placeCaret(ChatPage page, int at) {
		editor(page).click();
		page.js("const t = document.getElementById('document-text'); t.focus(); t.setSelectionRange(arguments[0], "
				+ "arguments[0]); t.dispatchEvent(new Event('select'))", at);
	}

	/** Keystrokes at the caret, wherever remote edits have moved it. */
	private static void typeHere(ChatPage page, String keys) {
		new Actions(page.driver()).sendKeys(keys).perform();
	}

	/** The names on the others' carets drawn over the text. */
	private static List<String> caretsIn(ChatPage page) {
		return page.driver()
			.findElements(By.cssSelector("#document-carets .remote-caret"))
			.stream()
			.map(caret -> caret.getDomAttribute("data-user"))
			.toList();
	}

	/** Where the page says someone's caret is ("line 3"). */
	private static String whereIs(ChatPage page, String user) {
		return page.driver()
			.findElements(By.cssSelector("#document-people li[data-user='" + user + "'] .person-where"))
			.stream()
			.map(WebElement::getText)
			.findFirst()
			.orElse("");
	}

	private static String asyncFetch(ChatPage page, String path) {
		return (String) ((org.openqa.selenium.JavascriptExecutor) page.driver())
			.executeAsyncScript("const done = arguments[arguments.length - 1];"
					+ " fetch(arguments[0], {headers: {Authorization: 'Bearer ' + "
					+ "sessionStorage.getItem('parley.token')}}).then(r => r.text().then(t => done(r.status + ' ' + t)))",
					path);
	}

	/** Waits until both pages are saved and hold the server's text; returns it. */
	private String awaitConverged(UUID conversation, UUID document, String user) {
		return this.alice.await(d -> {
			JsonNode server = this.api
				.get("/api/conversations/" + conversation + "/documents/" + document, Api.token(user))
				.json();
			String text = server.get("text").asString();
			return text.equals(text(this.alice)) && "Saved".equals(state(this.alice))
					&& (!isOpen(this.bob) || (text.equals(text(this.bob)) && "Saved".equals(state(this.bob)))) ? text
							: null;
		});
	}

	/**
	 * {@code -Dparley.documents-screenshot=docs/images/documents.png} saves the editor as
	 * the docs show it.
	 */
	private static void screenshotIfAsked(ChatPage page) {
		String target = System.getProperty("parley.documents-screenshot");
		if (target == null) {
			return;
		}
		try {
			java.nio.file.Path path = java.nio.file.Path.of(target);
			java.nio.file.Files.createDirectories(path.toAbsolutePath().getParent());
			java.nio.file.Files.write(path, ((org.openqa.selenium.TakesScreenshot) page.driver())
				.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static boolean isOpen(ChatPage page) {
		return Boolean.TRUE.equals(page.js("const e = document.getElementById('document-editor');"
				+ " return !!e && !e.hidden && document.getElementById('document-text').value !== ''"));
	}

	private UUID createDocument(String user, UUID conversation, String title) {
		Api.Response created = this.api.postJson("/api/conversations/" + conversation + "/documents", Api.token(user),
				Map.of("title", title));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return UUID.fromString(created.json().get("id").asString());
	}

	private void edit(String user, UUID conversation, UUID document, long version, List<Object> op) {
		Api.Response edited = this.api.postJson(
				"/api/conversations/" + conversation + "/documents/" + document + "/ops", Api.token(user),
				Map.of("version", version, "op", op, "clientOpId", UUID.randomUUID().toString()));
		assertThat(edited.status()).as(edited.body()).isEqualTo(200);
	}

}
