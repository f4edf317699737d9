package dev.parley.stomp;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.stomp.Destinations.Channel;

import static org.assertj.core.api.Assertions.assertThat;

class DestinationsTests {

	final UUID id = UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427");

	@Test
	void parsesConversationDestinations() {
		assertThat(Destinations.parse("/topic", "/topic/conversation." + this.id)).hasValueSatisfying(d -> {
			assertThat(d.id()).isEqualTo(this.id);
			assertThat(d.channel()).isEqualTo(Channel.MESSAGES);
		});
		assertThat(Destinations.parse("/topic", "/topic/conversation." + this.id + ".typing").get().channel())
			.isEqualTo(Channel.TYPING);
		assertThat(Destinations.parse("/app", "/app/conversation." + this.id + ".send").get().channel())
			.isEqualTo(Channel.SEND);
		assertThat(Destinations.parse("/app", "/app/conversation.abc.send").get().id()).isNull();
	}

	@Test
	void parsesDocumentDestinations() {
		UUID doc = UUID.fromString("2c5f39cb-3fa1-11d2-883f-0016d3cca427");
		String base = "conversation." + this.id + ".doc." + doc;
		assertThat(Destinations.parse("/topic", "/topic/" + base)).hasValueSatisfying(d -> {
			assertThat(d.id()).isEqualTo(this.id);
			assertThat(d.documentId()).isEqualTo(doc);
			assertThat(d.channel()).isEqualTo(Channel.DOCUMENT);
		});
		assertThat(Destinations.parse("/topic", "/topic/" + base + ".cursors").get().channel())
			.isEqualTo(Channel.DOCUMENT_CURSORS);
		assertThat(Destinations.parse("/app", "/app/" + base + ".op").get().channel()).isEqualTo(Channel.DOCUMENT_OP);
		assertThat(Destinations.parse("/app", "/app/" + base + ".cursor").get().channel())
			.isEqualTo(Channel.DOCUMENT_CURSOR);
		assertThat(Destinations.parse("/app", "/app/conversation." + this.id + ".doc.x.op").get().documentId())
			.isNull();
		// a conversation's channels are not a document's, and the other way round
		assertThat(Destinations.parse("/app", "/app/" + base + ".send")).isEmpty();
		assertThat(Destinations.parse("/app", "/app/conversation." + this.id + ".op")).isEmpty();
		assertThat(Destinations.parse("/app", "/app/conversation." + this.id + ".doc")).isEmpty();
		assertThat(Destinations.parse("/app", "/app/" + base + ".op.more")).isEmpty();
		assertThat(Destinations.documentCursorsTopic(this.id, doc)).isEqualTo("/topic/" + base + ".cursors");
		assertThat(Destinations.conversationRoutingKey(Destinations.documentTopic(this.id, doc))).isEqualTo(base);
	}

	@Test
	void rejectsEverythingElse() {
		assertThat(Destinations.parse("/topic", "/topic/conversation." + this.id + ".other")).isEmpty();
		assertThat(Destinations.parse("/topic", "/topic/conversation." + this.id + ".typing.more")).isEmpty();
		assertThat(Destinations.parse("/topic", "/topic/conversations." + this.id)).isEmpty();
		assertThat(Destinations.parse("/topic", "/queue/conversation." + this.id)).isEmpty();
		assertThat(Destinations.parse("/topic", "/topic/conversation.")).isEmpty();
		assertThat(Destinations.parse("/topic", null)).isEmpty();
	}

	@Test
	void recognisesPatterns() {
		for (String pattern : new String[] { "/topic/*", "/topic/#", "/topic/a.>", "/topic/a?", "/topic/{x}" }) {
			assertThat(Destinations.isPattern(pattern)).as(pattern).isTrue();
		}
		assertThat(Destinations.isPattern("/topic/conversation." + this.id)).isFalse();
	}

	@Test
	void buildsTopics() {
		assertThat(Destinations.messagesTopic(this.id)).isEqualTo("/topic/conversation." + this.id);
		assertThat(Destinations.typingTopic(this.id)).endsWith(".typing");
		assertThat(Destinations.presenceTopic(this.id)).endsWith(".presence");
	}

	@Test
	void mapsConversationTopicsOntoRabbitMqRoutingKeysAndBack() {
		assertThat(Destinations.conversationRoutingKey(Destinations.typingTopic(this.id)))
			.isEqualTo("conversation." + this.id + ".typing");
		assertThat(Destinations.topic("conversation." + this.id)).isEqualTo(Destinations.messagesTopic(this.id));
		assertThat(Destinations.conversationRoutingKey("/queue/errors-user1")).isNull();
		assertThat(Destinations.conversationRoutingKey(null)).isNull();
	}

	@Test
	void sharesConversationTopicsAndTheAdminFiguresAcrossNodes() {
		assertThat(Destinations.clusterRoutingKey(Destinations.ADMIN_STATS)).isEqualTo("admin.stats");
		assertThat(Destinations.topic("admin.stats")).isEqualTo(Destinations.ADMIN_STATS);
		assertThat(Destinations.clusterRoutingKey(Destinations.messagesTopic(this.id)))
			.isEqualTo("conversation." + this.id);
		assertThat(Destinations.clusterRoutingKey("/topic/admin.other")).isNull();
		assertThat(Destinations.clusterRoutingKey("/topic/parley.user-registry")).isNull();
		assertThat(Destinations.clusterRoutingKey(null)).isNull();
	}

}
