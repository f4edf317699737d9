package dev.parley.frontend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample page as a person uses it: fields found by their labels, buttons by their
 * text, state read from what is on screen (the status line, the message log, the member
 * list).
 */
final class ChatPage {

	static final Duration WAIT = Duration.ofSeconds(15);

	private final WebDriver driver;

	private final String base;

	ChatPage(WebDriver driver, String base) {
		this.driver = driver;
		this.base = base;
	}

	/**
	 * Opens the page (with an optional query such as {@code ?transport=sockjs}) signed
	 * out.
	 */
	ChatPage open(String query) {
		this.driver.get(this.base + "/" + query);
		js("sessionStorage.clear()");
		this.driver.get(this.base + "/" + query);
		await(d -> field("Username").isDisplayed());
		return this;
	}

	ChatPage signIn(String user, String password) {
		field("Username").clear();
		field("Username").sendKeys(user);
		field("Password").clear();
		field("Password").sendKeys(password);
		button("Sign in").click();
		awaitStatus("Connected");
		return this;
	}

	/**
	 * Signs in as a synthetic user with a minted token, the way an app with its own
	 * identity service would.
	 */
	ChatPage signInWithToken(String user, String token, String query) {
		this.driver.get(this.base + "/" + query);
		js("sessionStorage.clear(); sessionStorage.setItem('parley.token', arguments[0]);"
				+ "sessionStorage.setItem('parley.user', arguments[1])", token, user);
		this.driver.get(this.base + "/" + query);
		awaitStatus("Connected");
		return this;
	}

	ChatPage newConversation(String title, String members) {
		button("New conversation").click();
		field("Title").sendKeys(title);
		field("Members").sendKeys(members);
		button("Create").click();
		await(d -> title.equals(this.driver.findElement(By.id("conversation-title")).getText()));
		return this;
	}

	ChatPage openConversation(String title) {
		clickItem("#conversations .conversation-name", title);
		await(d -> title.equals(this.driver.findElement(By.id("conversation-title")).getText()));
		return this;
	}

	/**
	 * Clicks the item of a list that shows the text, once it is there. Found and clicked
	 * in one try: the list may be re-rendered in between, and the next try finds the new
	 * item.
	 */
	void clickItem(String cssSelector, String text) {
		await(d -> {
			WebElement item = d.findElements(By.cssSelector(cssSelector))
				.stream()
				.filter(each -> each.getText().equals(text))
				.findFirst()
				.orElse(null);
			if (item == null) {
				return false;
			}
			item.click();
			return true;
		});
	}

	/** Types into the composer and presses Enter, as a person would. */
	ChatPage send(String text) {
		WebElement message = field("Message");
		message.sendKeys(text);
		message.sendKeys(Keys.ENTER);
		return this;
	}

	ChatPage type(String text) {
		field("Message").sendKeys(text);
		return this;
	}

	/**
	 * Confirmed messages in the log, in order, as "sender: text" (a deleted one as its
	 * tombstone, "Message deleted"); read in one go, as messages are drawn again when
	 * they change.
	 */
	@SuppressWarnings("unchecked")
	List<String> messages() {
		return (List<String>) js("return [...document.querySelectorAll('#messages li.message:not(.pending)')]"
				+ ".map(li => { const sender = li.querySelector('.sender'), body = li.querySelector('.body');"
				+ " const text = body ? body.textContent.trim() : '';"
				+ " return sender ? sender.textContent.replace(' (you)', '') + ': ' + text : text; })");
	}

	// ---------- one message: its actions, reactions and quote ----------

	private static final String FIND_MESSAGE = "const li = [...document.querySelectorAll("
			+ "'#messages li.message:not(.pending)')].find(li => { const b = li.querySelector('.body');"
			+ " return b && b.textContent.trim() === arguments[0]; });";

	/** The confirmed message whose text is exactly this. */
	WebElement message(String text) {
		WebElement item = (WebElement) js(FIND_MESSAGE + " return li || null", text);
		if (item == null) {
			throw new org.openqa.selenium.NoSuchElementException("no message " + text);
		}
		return item;
	}

	/**
	 * Something about a message, read in one go by a script that has it as {@code li}.
	 */
	private Object aboutMessage(String text, String script) {
		Object result = js(FIND_MESSAGE + " if (!li) return {missing: true}; " + script, text);
		if (result instanceof java.util.Map<?, ?> map && Boolean.TRUE.equals(map.get("missing"))) {
			throw new org.openqa.selenium.NoSuchElementException("no message " + text);
		}
		return result;
	}

	/**
	 * The names of the actions a message offers (Reply, React, Edit, Delete), as shown
	 * when the pointer is over it.
	 */
	List<String> actionsOf(String text) {
		return await(d -> {
			WebElement item = message(text);
			new Actions(this.driver).moveToElement(item).perform();
			return item.findElements(By.cssSelector(".actions button")).stream().map(WebElement::getText).toList();
		});
	}

	/**
	 * Points at the message (its actions appear) and clicks one of them; tried again if
	 * the message is drawn anew meanwhile.
	 */
	void act(String text, String action) {
		await(d -> {
			WebElement item = message(text);
			new Actions(this.driver).moveToElement(item).perform();
			item.findElement(
					By.xpath(".//div[@class='actions']/button[normalize-space()=" + xpathLiteral(action) + "]"))
				.click();
			return true;
		});
	}

	/** Keys typed wherever the focus is. */
	void keys(CharSequence... keys) {
		new Actions(this.driver).sendKeys(keys).perform();
	}

	/**
	 * What has keyboard focus: a button's text, a field's label ("Edit message"), or the
	 * element's id.
	 */
	String focused() {
		return (String) js("const e = document.activeElement; if (!e) return '';"
				+ " if (e.tagName === 'BUTTON') return e.textContent.trim();"
				+ " if (e.labels && e.labels.length) return e.labels[0].textContent.trim(); return e.id");
	}

	/** Edits a message of one's own as a person would: Edit, select all, type, Enter. */
	void edit(String text, String newText) {
		act(text, "Edit");
		WebElement editor = field("Edit message");
		editor.sendKeys(Keys.chord(Keys.CONTROL, "a"));
		editor.sendKeys(newText);
		editor.sendKeys(Keys.ENTER);
	}

	/** React, then the emoji in the picker. */
	void react(String text, String emoji) {
		act(text, "React");
		await(d -> {
			message(text).findElements(By.cssSelector(".reaction-picker button"))
				.stream()
				.filter(b -> b.getText().equals(emoji))
				.findFirst()
				.orElseThrow(() -> new org.openqa.selenium.NoSuchElementException("no " + emoji + " in the picker"))
				.click();
			return true;
		});
	}

	/** Clicks the reaction under a message (toggles one's own). */
	void toggleReaction(String text, String emoji) {
		await(d -> {
			message(text).findElement(By.cssSelector(".reaction[data-emoji='" + emoji + "']")).click();
			return true;
		});
	}

	/**
	 * A message's reactions as shown: "👍 2", with " (mine)" when the button is pressed.
	 */
	@SuppressWarnings("unchecked")
	List<String> reactionsOf(String text) {
		return (List<String>) aboutMessage(text, "return [...li.querySelectorAll('.reaction')].map(r =>"
				+ " r.querySelector('.reaction-emoji').textContent + ' ' + r.querySelector('.reaction-count').textContent"
				+ " + (r.getAttribute('aria-pressed') === 'true' ? ' (mine)' : ''))");
	}

	/** Whether the message is marked "edited". */
	boolean isEdited(String text) {
		return Boolean.TRUE.equals(aboutMessage(text, "return li.querySelector('.meta .edited') !== null"));
	}

	/** The quote above a reply, as "sender: text" (empty if it is no reply). */
	String quoteOf(String text) {
		return (String) aboutMessage(text,
				"const q = li.querySelector('.quote'); if (!q) return '';"
						+ " const s = q.querySelector('.quote-sender');"
						+ " return (s ? s.textContent + ': ' : '') + q.querySelector('.quote-text').textContent");
	}

	void clickQuoteOf(String text) {
		await(d -> {
			message(text).findElement(By.cssSelector(".quote")).click();
			return true;
		});
	}

	/**
	 * Whether the message is scrolled into the visible part of the message log, and of
	 * the window.
	 */
	boolean isInView(String text) {
		return Boolean.TRUE.equals(aboutMessage(text,
				"const r = li.getBoundingClientRect();"
						+ " const log = document.getElementById('messages').getBoundingClientRect();"
						+ " return r.top >= Math.max(log.top, 0) && r.bottom <= Math.min(log.bottom, innerHeight)"));
	}

	boolean isHighlighted(String text) {
		return Boolean.TRUE.equals(aboutMessage(text, "return li.classList.contains('highlight')"));
	}

	/** The line under the last message: "Seen by alice, bob" (empty if nobody). */
	String seenBy() {
		return this.driver.findElement(By.id("seen-by")).getText();
	}

	/**
	 * The unread count next to a conversation in the list (0 when none is shown, -1 when
	 * the conversation is not listed); read in one go, as the list is drawn again when
	 * counts change.
	 */
	int unread(String title) {
		Object count = js("const link = [...document.querySelectorAll('#conversations .conversation-link')]"
				+ ".find(b => b.querySelector('.conversation-name').textContent === arguments[0]);"
				+ " if (!link) return -1; const badge = link.querySelector('.unread-count');"
				+ " return badge ? Number(badge.textContent) : 0", title);
		return ((Number) count).intValue();
	}

	// ---------- the network ----------

	/**
	 * Takes this browser off the network (or back on), as DevTools' "Offline" does: the
	 * page's {@code offline} event drops its connection, and it stays away until the
	 * {@code online} event.
	 */
	ChatPage network(boolean online) {
		((ChromiumDriver) this.driver).executeCdpCommand("Network.emulateNetworkConditions",
				Map.of("offline", !online, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
		return this;
	}

	List<String> pendingMessages() {
		return this.driver.findElements(By.cssSelector("#messages li.message.pending .body"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	List<String> ownMessages() {
		return this.driver.findElements(By.cssSelector("#messages li.message.own:not(.pending) .body"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	String status() {
		return this.driver.findElement(By.cssSelector("[role=status]#status")).getText();
	}

	void awaitStatus(String expected) {
		await(d -> expected.equals(status()));
	}

	String typing() {
		return this.driver.findElement(By.id("typing")).getText();
	}

	/**
	 * The text shown next to a member ("online", "away", "offline") and the colour class
	 * it carries.
	 */
	String presenceOf(String user) {
		List<WebElement> items = this.driver.findElements(By.cssSelector("#members li[data-user='" + user + "']"));
		if (items.isEmpty()) {
			return "";
		}
		WebElement item = items.get(0);
		return item.findElement(By.cssSelector(".member-status")).getText() + "/" + item.getDomAttribute("class");
	}

	String error() {
		return this.driver.findElement(By.cssSelector("#chat-error[role=alert]")).getText();
	}

	List<String> toasts() {
		return this.driver.findElements(By.cssSelector("#toasts .toast")).stream().map(WebElement::getText).toList();
	}

	void upload(Path file) {
		this.driver.findElement(By.cssSelector("input[type=file]")).sendKeys(file.toAbsolutePath().toString());
	}

	String uploadStage() {
		return this.driver.findElement(By.cssSelector("#uploads .upload .upload-stage")).getText();
	}

	long uploadProgress() {
		return Long
			.parseLong(this.driver.findElement(By.cssSelector("#uploads .upload progress")).getDomProperty("value"));
	}

	Object js(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	<T> T await(Function<WebDriver, T> condition) {
		// lists are re-rendered as events arrive: an element read mid-update is simply
		// read again
		return new WebDriverWait(this.driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
	}

	WebDriver driver() {
		return this.driver;
	}

	/**
	 * The control a visible or screen-reader label names, found through the label's
	 * {@code for}.
	 */
	WebElement field(String label) {
		WebElement element = this.driver
			.findElement(By.xpath("//label[normalize-space()=" + xpathLiteral(label) + "]"));
		return this.driver.findElement(By.id(element.getDomAttribute("for")));
	}

	WebElement button(String text) {
		return this.driver.findElement(By.xpath("//button[normalize-space()=" + xpathLiteral(text) + "]"));
	}

	private static String xpathLiteral(String text) {
		return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
	}

}
