package dev.parley.broker;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Per-connection buffers of the servlet container, sized for many mostly idle sockets:
 * every open socket holds them for its whole life. Large messages still arrive whole: the
 * container hands them over in parts and {@link WholeMessages} joins them. Measured in
 * docs/performance.md (heap per idle session).
 */
@Configuration(proxyBeanMethods = false)
class ContainerConfig {

	/**
	 * Container buffer for one WebSocket message part (Tomcat's default is 8 KB,
	 * allocated per socket).
	 */
	static final int WEBSOCKET_BUFFER = 1024;

	/** Tomcat's application read and write buffers per connection (default 8 KB each). */
	static final int SOCKET_BUFFER = 2048;

	@Bean
	ServletServerContainerFactoryBean webSocketContainer() {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxTextMessageBufferSize(WEBSOCKET_BUFFER);
		container.setMaxBinaryMessageBufferSize(WEBSOCKET_BUFFER);
		return container;
	}

	/** Only on Tomcat (the default container). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
	static class TomcatBuffers {

		@Bean
		TomcatConnectorCustomizer smallSocketBuffers() {
			return connector -> {
				connector.setProperty("socket.appReadBufSize", String.valueOf(SOCKET_BUFFER));
				connector.setProperty("socket.appWriteBufSize", String.valueOf(SOCKET_BUFFER));
			};
		}

	}

}
