package dev.parley.bench;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import org.jspecify.annotations.Nullable;

/**
 * The generator's WebSocket client: Netty on one NIO event loop group (two threads for
 * every socket; handshakes, frame codecs, deflate and the listeners' callbacks all run on
 * them). With {@code deflate} it offers
 * {@code permessage-deflate; client_max_window_bits} as every browser does (compression
 * level 6, context takeover both ways, the server's window 15 bits), and compresses every
 * message it sends once the server accepts; without it, it offers no extension.
 * Fragmented messages are reassembled before a listener sees them; pings are answered.
 */
final class WebSockets implements AutoCloseable {

	/** The largest message reassembled from fragments. */
	static final int MAX_MESSAGE = 1 << 20;

	private static final long HANDSHAKE_TIMEOUT_SECONDS = 30;

	/** What a socket tells its session; called on the socket's event loop thread. */
	interface Listener {

		/** A whole text message (fragments reassembled, decompressed). */
		void onText(String text);

		/** The server sent a close frame. */
		void onClose(int status, String reason);

		/**
		 * The connection ended without a close frame from the server, or failed (not
		 * called after {@link Socket#abort()}).
		 */
		void onError(Throwable error);

	}

	private final EventLoopGroup group;

	private final Bootstrap bootstrap;

	private final boolean deflate;

	WebSockets(int threads, boolean deflate) {
		this.deflate = deflate;
		this.group = new MultiThreadIoEventLoopGroup(threads, daemon("bench-ws"), NioIoHandler.newFactory());
		this.bootstrap = new Bootstrap().group(this.group)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
	}

	/**
	 * Opens a socket and completes once the server accepted the upgrade.
	 * @param subprotocols offered in this order; empty for none
	 */
	CompletableFuture<Socket> connect(URI uri, List<String> subprotocols, Listener listener) {
		WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13,
				subprotocols.isEmpty() ? null : String.join(",", subprotocols), true, new DefaultHttpHeaders(),
				MAX_MESSAGE);
		Handler handler = new Handler(handshaker, listener);
		this.bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
			@Override
			protected void initChannel(SocketChannel channel) {
				channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024));
				if (WebSockets.this.deflate) {
					channel.pipeline().addLast(new WebSocketClientExtensionHandler(browserDeflate()));
				}
				channel.pipeline().addLast("session", handler);
			}
		}).connect(uri.getHost(), uri.getPort()).addListener(connected -> {
			if (!connected.isSuccess()) {
				handler.opened.completeExceptionally(connected.cause());
			}
		});
		return handler.opened;
	}

	/**
	 * What a browser offers: {@code permessage-deflate; client_max_window_bits} (Netty's
	 * default offer leaves {@code client_max_window_bits} out without JZlib).
	 */
	static PerMessageDeflateClientExtensionHandshaker browserDeflate() {
		return new PerMessageDeflateClientExtensionHandshaker(6, true, 15, false, false);
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
	}

	private static ThreadFactory daemon(String name) {
		return runnable -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/** One open WebSocket. */
	static final class Socket {

		private final Channel channel;

		private final Handler handler;

		/** Whether the server accepted permessage-deflate. */
		final boolean deflate;

		/** The subprotocol the server chose, or null. */
		final @Nullable String subprotocol;

		private Socket(Channel channel, Handler handler, boolean deflate, @Nullable String subprotocol) {
			this.channel = channel;
			this.handler = handler;
			this.deflate = deflate;
			this.subprotocol = subprotocol;
		}

		/**
		 * Sends one text message. Messages sent from one thread, or under one lock, go
		 * out in that order.
		 */
		void send(String text) {
			this.channel.writeAndFlush(new TextWebSocketFrame(text), this.channel.voidPromise());
		}

		boolean isOpen() {
			return this.channel.isActive();
		}

		/** Drops the connection without a close handshake. */
		void abort() {
			this.handler.aborted = true;
			this.channel.close();
		}

	}

	private static final class Handler extends SimpleChannelInboundHandler<Object> {

		final CompletableFuture<Socket> opened = new CompletableFuture<>();

		private final WebSocketClientHandshaker handshaker;

		private final Listener listener;

		volatile boolean aborted;

		private boolean closeFrameSeen;

		Handler(WebSocketClientHandshaker handshaker, Listener listener) {
			this.handshaker = handshaker;
			this.listener = listener;
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			this.handshaker.handshake(ctx.channel()).addListener(sent -> {
				if (!sent.isSuccess()) {
					this.opened.completeExceptionally(sent.cause());
				}
			});
			ctx.executor().schedule(() -> {
				if (this.opened.completeExceptionally(
						new TimeoutException("no upgrade within " + HANDSHAKE_TIMEOUT_SECONDS + " s"))) {
					ctx.close();
				}
			}, HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, Object message) {
			if (!this.handshaker.isHandshakeComplete()) {
				FullHttpResponse response = (FullHttpResponse) message;
				try {
					this.handshaker.finishHandshake(ctx.channel(), response);
				}
				catch (RuntimeException ex) {
					this.opened.completeExceptionally(ex);
					ctx.close();
					return;
				}
				String extensions = response.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
				boolean deflate = extensions != null
						&& extensions.toLowerCase(Locale.ROOT).contains("permessage-deflate");
				// after the decompressor the extension handler put in: whole, plain
				// messages
				ctx.pipeline().addBefore(ctx.name(), "fragments", new WebSocketFrameAggregator(MAX_MESSAGE));
				this.opened.complete(new Socket(ctx.channel(), this, deflate, this.handshaker.actualSubprotocol()));
			}
			else if (message instanceof TextWebSocketFrame text) {
				this.listener.onText(text.text());
			}
			else if (message instanceof PingWebSocketFrame ping) {
				ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
			}
			else if (message instanceof CloseWebSocketFrame close) {
				this.closeFrameSeen = true;
				this.listener.onClose(close.statusCode(), close.reasonText());
				ctx.close();
			}
			// binary frames and pongs: nothing the benchmark reads
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			IOException closed = new IOException("connection closed");
			if (!this.opened.completeExceptionally(closed) && !this.closeFrameSeen && !this.aborted) {
				this.listener.onError(closed);
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			if (!this.opened.completeExceptionally(cause) && !this.aborted) {
				this.listener.onError(cause);
			}
			this.aborted = true; // reported once
			ctx.close();
		}

	}

}
