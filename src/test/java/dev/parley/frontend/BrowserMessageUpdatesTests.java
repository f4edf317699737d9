package dev.parley.frontend;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import dev.parley.support.Api;
import dev.parley.support.BrowserTest;
import dev.parley.support.ParleyTest;

import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message updates (issue 20) in the sample page, in real headless Chromium against a
 * running Parley, two people in two pages: an edit shows in place marked "edited", a
 * delete leaves a tombstone, reactions count and show your own, a reply quotes its parent
 * and the quote leads to it, the list counts unread messages (and drops to 0 on every
 * page of the reader), "Seen by" names who has read the last message, and what changed
 * while a page was offline shows once it is back.
 */
@ParleyTest
@Import(ServerSockets.class)
@BrowserTest
class BrowserMessageUpdatesTests extends TwoPages {

	@Test
	void anEditShowsInPlaceOnBothPagesMarkedEditedAndOnlyTheAuthorMayEdit() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		this.api.createTitledConversation(bob, "Lunch", alice);
		open(this.alice, alice, "Lunch").send("Lunch at 12?");
		open(this.bob, bob, "Lunch").send("Fine by me");
		this.alice.await(d -> this.alice.messages().size() == 2);
		this.bob.await(d -> this.bob.messages().size() == 2);

		// only the author is offered Edit; Delete too, and the conversation's creator
		// (bob)
		assertThat(this.alice.actionsOf("Fine by me")).containsExactly("Reply", "React");
		assertThat(this.alice.actionsOf("Lunch at 12?")).containsExactly("Reply", "React", "Edit", "Delete");
		assertThat(this.bob.actionsOf("Lunch at 12?")).containsExactly("Reply", "React", "Delete");

		// by keyboard: from the log, Tab reaches the first message's actions, which show
		// while they have focus; Enter on Edit opens the editor, Escape cancels it
		// (the pointer away from the messages, so only focus can show their actions)
		new Actions(this.alice.driver()).moveToElement(this.alice.driver().findElement(By.id("conversation-title")))
			.perform();
		this.alice.js("document.getElementById('messages').focus()");
		assertThat(this.alice.focused()).isEqualTo("messages");
		this.alice.keys(Keys.TAB);
		assertThat(this.alice.focused()).isEqualTo("Reply");
		this.alice.keys(Keys.TAB, Keys.TAB);
		assertThat(this.alice.focused()).isEqualTo("Edit");
		assertThat(this.alice.message("Lunch at 12?").findElement(By.cssSelector(".actions")).isDisplayed()).isTrue();
		this.alice.keys(Keys.ENTER);
		this.alice.await(d -> "Edit message".equals(this.alice.focused()));
		this.alice.keys(" or 1?", Keys.ESCAPE);
		this.alice.await(d -> d.findElements(By.cssSelector(".edit-form")).isEmpty());
		assertThat(this.alice.focused()).isEqualTo("Edit");
		assertThat(this.alice.messages()).containsExactly(alice + ": Lunch at 12?", bob + ": Fine by me");
		assertThat(this.alice.isEdited("Lunch at 12?")).isFalse();

		// Enter saves: the new text in place on both pages, marked edited
		this.alice.edit("Lunch at 12?", "Lunch at 1?");
		this.bob.await(d -> this.bob.messages().contains(alice + ": Lunch at 1?"));
		assertThat(this.bob.messages()).containsExactly(alice + ": Lunch at 1?", bob + ": Fine by me");
		assertThat(this.bob.isEdited("Lunch at 1?")).isTrue();
		this.alice.await(d -> this.alice.isEdited("Lunch at 1?"));
		assertThat(this.alice.messages()).containsExactly(alice + ": Lunch at 1?", bob + ": Fine by me");
		assertThat(this.bob.isEdited("Fine by me")).isFalse();

		// and so it is told to whoever opens the conversation later
		open(this.bob, bob, "Lunch");
		this.bob.await(d -> this.bob.messages().size() == 2);
		assertThat(this.bob.messages()).containsExactly(alice + ": Lunch at 1?", bob + ": Fine by me");
		assertThat(this.bob.isEdited("Lunch at 1?")).isTrue();
	}

	@Test
	void aDeletedMessageLeavesATombstoneInItsPlaceOnBothPages() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID id = this.api.createTitledConversation(alice, "Oops", bob);
		post(bob, id, "first");
		open(this.alice, alice, "Oops").send("the password is hunter2");
		post(bob, id, "last");
		open(this.bob, bob, "Oops");
		this.bob.await(d -> this.bob.messages().size() == 3);
		this.alice.await(d -> this.alice.messages().size() == 3);

		this.alice.act("the password is hunter2", "Delete");
		List<String> tombstoned = List.of(bob + ": first", "Message deleted", bob + ": last");
		this.alice.await(d -> this.alice.messages().equals(tombstoned));
		this.bob.await(d -> this.bob.messages().equals(tombstoned));
		assertThat(this.bob.driver().findElement(By.id("messages")).getText()).doesNotContain("hunter2");
		// a tombstone offers nothing to do
		assertThat(this.alice.message("Message deleted").findElements(By.cssSelector(".actions button"))).isEmpty();

		// history says the same, in the same place
		open(this.bob, bob, "Oops");
		this.bob.await(d -> this.bob.messages().equals(tombstoned));
	}

	@Test
	void reactionsCountShowYourOwnAndToggleOff() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		this.api.createTitledConversation(alice, "Launch", bob);
		open(this.alice, alice, "Launch").send("We shipped!");
		open(this.bob, bob, "Launch");
		this.bob.await(d -> this.bob.messages().size() == 1);

		// bob picks 🎉 from the picker
		this.bob.react("We shipped!", "🎉");
		this.bob.await(d -> this.bob.reactionsOf("We shipped!").equals(List.of("🎉 1 (mine)")));
		this.alice.await(d -> this.alice.reactionsOf("We shipped!").equals(List.of("🎉 1")));

		// alice clicks it too: 2, and hers is highlighted on her page only
		this.alice.toggleReaction("We shipped!", "🎉");
		this.alice.await(d -> this.alice.reactionsOf("We shipped!").equals(List.of("🎉 2 (mine)")));
		this.bob.await(d -> this.bob.reactionsOf("We shipped!").equals(List.of("🎉 2 (mine)")));

		// bob takes his back
		this.bob.toggleReaction("We shipped!", "🎉");
		this.bob.await(d -> this.bob.reactionsOf("We shipped!").equals(List.of("🎉 1")));
		this.alice.await(d -> this.alice.reactionsOf("We shipped!").equals(List.of("🎉 1 (mine)")));

		// the picker's choice for one already yours takes it back too, and a second emoji
		// sits beside
		this.alice.react("We shipped!", "❤️");
		this.bob.await(d -> this.bob.reactionsOf("We shipped!").equals(List.of("🎉 1", "❤️ 1")));
		this.alice.react("We shipped!", "🎉");
		this.bob.await(d -> this.bob.reactionsOf("We shipped!").equals(List.of("❤️ 1")));
		this.alice.await(d -> this.alice.reactionsOf("We shipped!").equals(List.of("❤️ 1 (mine)")));

		// a fresh page reads them from history, yours marked
		open(this.bob, alice, "Launch");
		this.bob.await(d -> this.bob.messages().size() == 1);
		this.bob.await(d -> this.bob.reactionsOf("We shipped!").equals(List.of("❤️ 1 (mine)")));
	}

	@Test
	void aReplyQuotesItsParentAndTheQuoteScrollsToIt() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID id = this.api.createTitledConversation(alice, "Long thread", bob);
		post(alice, id, "Which day works for the offsite?");
		for (int i = 1; i <= 30; i++) {
			post(alice, id, "filler " + i);
		}
		open(this.alice, alice, "Long thread");
		open(this.bob, bob, "Long thread");
		this.bob.await(d -> this.bob.messages().size() == 31);

		this.bob.act("Which day works for the offsite?", "Reply");
		this.bob.await(d -> d.findElement(By.id("replying")).isDisplayed());
		assertThat(this.bob.driver().findElement(By.id("replying-text")).getText())
			.isEqualTo("Replying to " + alice + ": Which day works for the offsite?");
		this.bob.send("Thursday");

		this.alice.await(d -> this.alice.messages().size() == 32);
		assertThat(this.alice.messages().get(31)).isEqualTo(bob + ": Thursday");
		assertThat(this.alice.quoteOf("Thursday")).isEqualTo(alice + ": Which day works for the offsite?");
		this.bob.await(d -> (alice + ": Which day works for the offsite?").equals(this.bob.quoteOf("Thursday")));
		assertThat(this.bob.driver().findElement(By.id("replying")).isDisplayed()).isFalse();

		// alice is at the bottom of the log: the parent is far above, out of sight
		this.alice.await(d -> this.alice.isInView("Thursday"));
		assertThat(this.alice.isInView("Which day works for the offsite?")).isFalse();
		this.alice.clickQuoteOf("Thursday");
		this.alice.await(d -> this.alice.isInView("Which day works for the offsite?"));
		assertThat(this.alice.isHighlighted("Which day works for the offsite?")).isTrue();
	}

	@Test
	void unreadCountsGoUpWhileAConversationIsClosedAndDropToZeroOnEveryPageOfTheReader() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		UUID news = this.api.createTitledConversation(bob, "News", alice);
		this.api.createTitledConversation(bob, "Other", alice);
		post(bob, news, "one before");
		// alice on two devices, each with another conversation open
		ChatPage laptop = open(this.alice, alice, "Other");
		ChatPage phone = open(this.bob, alice, "Other");
		laptop.await(d -> laptop.unread("News") == 1);
		phone.await(d -> phone.unread("News") == 1);

		post(bob, news, "two");
		post(bob, news, "three");
		laptop.await(d -> laptop.unread("News") == 3);
		phone.await(d -> phone.unread("News") == 3);
		assertThat(laptop.unread("Other")).isZero();

		// reading on the laptop clears it there, and on the phone too
		laptop.openConversation("News");
		laptop.await(d -> laptop.messages().size() == 3);
		assertThat(laptop.unread("News")).isZero();
		phone.await(d -> phone.unread("News") == 0);

		// back on another conversation, what comes next counts again
		laptop.openConversation("Other");
		post(bob, news, "four");
		laptop.await(d -> laptop.unread("News") == 1);
		phone.await(d -> phone.unread("News") == 1);
	}

	@Test
	void seenByNamesWhoHasReadTheLastMessage() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		this.api.createTitledConversation(alice, "Plans", bob);
		this.api.createTitledConversation(alice, "Elsewhere", bob);
		open(this.alice, alice, "Plans").send("Are you coming?");
		this.alice.await(d -> this.alice.messages().size() == 1);
		open(this.bob, bob, "Elsewhere");
		assertThat(this.alice.seenBy()).isEmpty();

		this.bob.openConversation("Plans");
		this.alice.await(d -> this.alice.seenBy().equals("Seen by " + bob));

		// a new message has not been seen by bob until his page shows it: bob looks away
		this.bob.openConversation("Elsewhere");
		this.alice.send("Hello?");
		this.alice.await(d -> this.alice.messages().size() == 2);
		this.alice.await(d -> this.alice.seenBy().isEmpty());
		this.bob.openConversation("Plans");
		this.alice.await(d -> this.alice.seenBy().equals("Seen by " + bob));
		// and a page opened now reads the positions from the server
		open(this.bob, bob, "Plans");
		open(this.alice, alice, "Plans");
		this.alice.await(d -> this.alice.seenBy().equals("Seen by " + bob));
	}

	@Test
	void anEditAndAReactionMadeWhileAPageWasOfflineShowOnceItIsBack() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		this.api.createTitledConversation(alice, "Meetup", bob);
		open(this.alice, alice, "Meetup").send("Sounds good");
		open(this.bob, bob, "Meetup").send("Meet at 5");
		this.alice.await(d -> this.alice.messages().size() == 2);
		this.bob.await(d -> this.bob.messages().size() == 2);

		this.alice.network(false);
		this.alice.awaitStatus("Offline");
		this.bob.edit("Meet at 5", "Meet at 6");
		this.bob.react("Sounds good", "🎉");
		this.bob.send("bring snacks");
		this.bob.await(d -> this.bob.messages().size() == 3 && this.bob.isEdited("Meet at 6")
				&& this.bob.reactionsOf("Sounds good").equals(List.of("🎉 1 (mine)")));
		// alice's page has not heard of it
		assertThat(this.alice.messages()).containsExactly(alice + ": Sounds good", bob + ": Meet at 5");

		this.alice.network(true);
		this.alice.awaitStatus("Connected");
		List<String> expected = List.of(alice + ": Sounds good", bob + ": Meet at 6", bob + ": bring snacks");
		this.alice.await(d -> this.alice.messages().equals(expected));
		this.alice.await(d -> this.alice.reactionsOf("Sounds good").equals(List.of("🎉 1")));
		assertThat(this.alice.isEdited("Meet at 6")).isTrue();

		// and live again: bob takes his reaction back
		this.bob.toggleReaction("Sounds good", "🎉");
		this.alice.await(d -> this.alice.reactionsOf("Sounds good").isEmpty());
		assertThat(this.alice.messages()).isEqualTo(expected);
	}

	@Test
	void anEditThatGetsNoReceiptIsTakenBackAndSaysSo() {
		String alice = Api.newUser("alice");
		String bob = Api.newUser("bob");
		this.api.createTitledConversation(alice, "Drafts", bob);
		open(this.alice, alice, "Drafts").send("first draft");
		this.alice.await(d -> this.alice.messages().size() == 1);

		this.alice.network(false);
		this.alice.awaitStatus("Offline");
		this.alice.edit("first draft", "second draft");
		this.alice.await(d -> this.alice.error().equals("Could not edit the message: not connected"));
		assertThat(this.alice.messages()).containsExactly(alice + ": first draft");
		assertThat(this.alice.isEdited("first draft")).isFalse();
		this.alice.react("first draft", "👍");
		this.alice.await(d -> this.alice.error().equals("Could not react: not connected"));
		assertThat(this.alice.reactionsOf("first draft")).isEmpty();
	}

	private ChatPage open(ChatPage page, String user, String title) {
		return page.signInWithToken(user, Api.token(user), "").openConversation(title);
	}

	private void post(String sender, UUID conversation, String content) {
		RateLimitedPosts.post(this.api, sender, conversation, content);
	}

}
