package dev.parley;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ParleyApplication {

	/**
	 * Tomcat gives every WebSocket several buffers of this size for its whole life
	 * (frames out, encoding, messages in), 8 KB by default; Parley sets 1 KB unless the
	 * property is given, as it joins large messages from parts itself and large frames
	 * only take a few more writes (docs/performance.md).
	 */
	static final String TOMCAT_WEBSOCKET_BUFFER = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	public static void main(String[] args) {
		if (System.getProperty(TOMCAT_WEBSOCKET_BUFFER) == null) {
			System.setProperty(TOMCAT_WEBSOCKET_BUFFER, "1024");
		}
		SpringApplication.run(ParleyApplication.class, args);
	}

}
