package dev.parley.bench;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The generator's Engine.IO v4 / Socket.IO v5 framing, against packets as the Socket.IO 4
 * server writes them.
 */
class SocketIoTests {

	@Test
	void readsTheServersOpenPingAndConnectPackets() {
		SocketIo.Packet open = SocketIo
			.parse("0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,"
					+ "\"maxPayload\":1000000}");
		assertThat(open.engineType()).isEqualTo(SocketIo.OPEN);
		assertThat(open.socketType()).isEqualTo(-1);
		assertThat(open.data()).startsWith("{\"sid\"");

		assertThat(SocketIo.parse("2").engineType()).isEqualTo(SocketIo.PING);
		assertThat(SocketIo.parse("1").engineType()).isEqualTo(SocketIo.CLOSE);

		SocketIo.Packet connected = SocketIo.parse("40{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}");
		assertThat(connected.engineType()).isEqualTo(SocketIo.MESSAGE);
		assertThat(connected.socketType()).isEqualTo(SocketIo.SIO_CONNECT);
		assertThat(connected.ackId()).isEqualTo(-1);
		assertThat(connected.data()).isEqualTo("{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}");

		assertThat(SocketIo.parse("44{\"message\":\"Not authorized\"}").socketType())
			.isEqualTo(SocketIo.SIO_CONNECT_ERROR);
		assertThat(SocketIo.parse("41").socketType()).isEqualTo(SocketIo.SIO_DISCONNECT);
	}

	@Test
	void readsAcksWithTheirIdAndEventsWithTheStamp() {
		SocketIo.Packet ack = SocketIo.parse("4312[]");
		assertThat(ack.socketType()).isEqualTo(SocketIo.SIO_ACK);
		assertThat(ack.ackId()).isEqualTo(12);
		assertThat(ack.data()).isEqualTo("[]");

		SocketIo.Packet message = SocketIo.parse("42[\"message\",\"b123456789\"]");
		assertThat(message.socketType()).isEqualTo(SocketIo.SIO_EVENT);
		assertThat(message.ackId()).isEqualTo(-1);
		assertThat(SocketIo.messageStamp(message)).isEqualTo(123456789L);

		// a namespace before the ack id, as other servers may send
		SocketIo.Packet namespaced = SocketIo.parse("43/chat,7[\"ok\"]");
		assertThat(namespaced.ackId()).isEqualTo(7);
		assertThat(namespaced.data()).isEqualTo("[\"ok\"]");

		assertThat(SocketIo.messageStamp(SocketIo.parse("42[\"other\",\"b1\"]"))).isEqualTo(-1);
		assertThat(SocketIo.messageStamp(ack)).isEqualTo(-1);
	}

	@Test
	void writesEventsWithAndWithoutAnAckId() {
		assertThat(SocketIo.event(3, "join", "8d1c-room")).isEqualTo("423[\"join\",\"8d1c-room\"]");
		assertThat(SocketIo.event(-1, "send", "room", "b42")).isEqualTo("42[\"send\",\"room\",\"b42\"]");
		assertThat(SocketIo.event(-1, "send", "a\"b", "c\\d")).isEqualTo("42[\"send\",\"a\\\"b\",\"c\\\\d\"]");
		assertThat(SocketIo.CONNECT).isEqualTo("40");
		assertThat(SocketIo.PONG).isEqualTo("3");
		assertThat(SocketIo.PATH).isEqualTo("/socket.io/?EIO=4&transport=websocket");
	}

	@Test
	void theTargetWithoutItsDependenciesSaysHowToInstallThem(@TempDir Path folder) {
		assertThatIllegalStateException().isThrownBy(() -> Target.SocketIoTarget.start(folder))
			.withMessageContaining("node_modules is missing: run npm ci --prefix " + folder);
	}

	@Test
	void refusesWhatIsNoPacket() {
		assertThatIllegalArgumentException().isThrownBy(() -> SocketIo.parse(""));
		assertThatIllegalArgumentException().isThrownBy(() -> SocketIo.parse("x"));
		assertThatIllegalArgumentException().isThrownBy(() -> SocketIo.parse("4"));
	}

}
