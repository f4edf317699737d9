package dev.parley.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator's WebSocket client against a small Netty server on a free loopback port
 * that accepts permessage-deflate and STOMP's subprotocol: the offer is a browser's, and
 * whether it was accepted is known per socket; messages split into fragments (a character
 * across two of them) arrive whole; a server's close frame and a dropped connection are
 * told apart.
 */
class WebSocketsTests {

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	/** The Sec-WebSocket-Extensions header of each upgrade request, "" for none. */
	private final BlockingQueue<String> offers = new LinkedBlockingQueue<>();

	private Channel server;

	@BeforeEach
	void startServer() throws InterruptedException {
		this.server = new ServerBootstrap().group(this.group)
			.channel(NioServerSocketChannel.class)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline()
						.addLast(new HttpServerCodec(), new HttpObjectAggregator(65536), new Offers(),
								new WebSocketServerCompressionHandler(),
								new WebSocketServerProtocolHandler("/ws", "v12.stomp", true, WebSockets.MAX_MESSAGE),
								new Echo());
				}
			})
			.bind("127.0.0.1", 0)
			.sync()
			.channel();
	}

	@AfterEach
	void stopServer() {
		this.server.close().syncUninterruptibly();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void offersPermessageDeflateAsBrowsersDoAndKnowsItWasAccepted() throws Exception {
		try (WebSockets sockets = new WebSockets(1, true)) {
			Messages messages = new Messages();
			WebSockets.Socket socket = sockets.connect(uri(), List.of("v12.stomp", "v11.stomp"), messages)
				.get(10, TimeUnit.SECONDS);

			// a browser writes "permessage-deflate; client_max_window_bits"; the space is
			// optional
			assertThat(this.offers.poll(10, TimeUnit.SECONDS)).isEqualTo("permessage-deflate;client_max_window_bits");
			assertThat(socket.deflate).isTrue();
			assertThat(socket.subprotocol).isEqualTo("v12.stomp");
			socket.send("hello ".repeat(100));
			assertThat(messages.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("hello ".repeat(100));
		}
	}

	@Test
	void withoutDeflateOffersNoExtension() throws Exception {
		try (WebSockets sockets = new WebSockets(1, false)) {
			Messages messages = new Messages();
			WebSockets.Socket socket = sockets.connect(uri(), List.of("v12.stomp"), messages).get(10, TimeUnit.SECONDS);

			assertThat(this.offers.poll(10, TimeUnit.SECONDS)).isEmpty();
			assertThat(socket.deflate).isFalse();
			socket.send("plain");
			assertThat(messages.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("plain");
		}
	}

	@Test
	void aMessageInFragmentsArrivesWhole() throws Exception {
		for (boolean deflate : new boolean[] { true, false }) {
			try (WebSockets sockets = new WebSockets(1, deflate)) {
				Messages messages = new Messages();
				WebSockets.Socket socket = sockets.connect(uri(), List.of("v12.stomp"), messages)
					.get(10, TimeUnit.SECONDS);

				// the server splits it in three, inside the two bytes of the é
				socket.send("fragments:MESSAGE\ndestination:/topic/x\n\ncaf\u00e9 b123\0");

				assertThat(messages.texts.poll(10, TimeUnit.SECONDS)).as("deflate " + deflate)
					.isEqualTo("MESSAGE\ndestination:/topic/x\n\ncaf\u00e9 b123\0");
			}
		}
	}

	@Test
	void aCloseFrameFromTheServerIsToldApartFromADroppedConnection() throws Exception {
		try (WebSockets sockets = new WebSockets(1, true)) {
			Messages closing = new Messages();
			sockets.connect(uri(), List.of("v12.stomp"), closing).get(10, TimeUnit.SECONDS).send("close");
			assertThat(closing.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4000 bye");

			Messages dropped = new Messages();
			sockets.connect(uri(), List.of("v12.stomp"), dropped).get(10, TimeUnit.SECONDS).send("drop");
			assertThat(dropped.failed.get(10, TimeUnit.SECONDS)).hasMessage("connection closed");
			assertThat(dropped.closed).isNotDone();
		}
	}

	private URI uri() {
		return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) this.server.localAddress()).getPort() + "/ws");
	}

	private static final class Messages implements WebSockets.Listener {

		final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

		final CompletableFuture<String> closed = new CompletableFuture<>();

		final CompletableFuture<Throwable> failed = new CompletableFuture<>();

		@Override
		public void onText(String text) {
			this.texts.add(text);
		}

		@Override
		public void onClose(int status, String reason) {
			this.closed.complete(status + " " + reason);
		}

		@Override
		public void onError(Throwable error) {
			this.failed.complete(error);
		}

	}

	/** Notes each upgrade request's extension offer. */
	private final class Offers extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object message) {
			if (message instanceof FullHttpRequest request) {
				String offer = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
				WebSocketsTests.this.offers.add((offer != null) ? offer : "");
			}
			ctx.fireChannelRead(message);
		}

	}

	/**
	 * Echoes text; {@code fragments:...} comes back in three fragments, {@code close}
	 * gets a close frame, {@code drop} a dropped connection.
	 */
	private static final class Echo extends SimpleChannelInboundHandler<TextWebSocketFrame> {

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
			String text = frame.text();
			if (text.equals("close")) {
				ctx.writeAndFlush(new CloseWebSocketFrame(4000, "bye")).addListener(f -> ctx.close());
			}
			else if (text.equals("drop")) {
				// not through the pipeline, whose protocol handler would send a close
				// frame first
				((SocketChannel) ctx.channel()).shutdownOutput();
			}
			else if (text.startsWith("fragments:")) {
				byte[] bytes = text.substring(10).getBytes(StandardCharsets.UTF_8);
				int split = text.substring(10).indexOf('\u00e9') + 1; // inside the é
				ctx.write(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(bytes, 0, 5)));
				ctx.write(new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(bytes, 5, split - 5)));
				ctx.writeAndFlush(new ContinuationWebSocketFrame(true, 0,
						Unpooled.wrappedBuffer(bytes, split, bytes.length - split)));
			}
			else {
				ctx.writeAndFlush(new TextWebSocketFrame(text));
			}
		}

	}

}
