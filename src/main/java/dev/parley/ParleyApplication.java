package dev.parley;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ParleyApplication {

	/**
	 * Tomcat gives every WebSocket several buffers of this size for its whole life (frames out, encoding, messages
	 * in); its default of 8 KB is most of an idle session's heap. Parley joins large messages from parts itself, so
	 * small buffers cost nothing but a few more writes for large frames (docs/performance.md).
	 */
	static final String TOMCAT_WEBSOCKET_BUFFER = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	public static void main(String[] args) {
		if (System.getProperty(TOMCAT_WEBSOCKET_BUFFER) == null) {
			System.setProperty(TOMCAT_WEBSOCKET_BUFFER, "1024");
		}
		SpringApplication.run(ParleyApplication.class, args);
	}

}
