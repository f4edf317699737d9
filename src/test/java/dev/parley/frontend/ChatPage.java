package dev.parley.frontend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
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

	/** Confirmed messages in the log, in order, as "sender: text". */
	List<String> messages() {
		return this.driver.findElements(By.cssSelector("#messages li.message:not(.pending)"))
			.stream()
			.map(item -> item.findElement(By.cssSelector(".sender")).getText().replace(" (you)", "") + ": "
					+ item.findElement(By.cssSelector(".body")).getText())
			.toList();
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
