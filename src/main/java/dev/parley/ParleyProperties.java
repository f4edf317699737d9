package dev.parley;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Node-wide settings under {@code parley.*}; each feature has its own record under its
 * own prefix.
 *
 * @param dataDir where the embedded database lives (default {@code ./data}); unused with
 * an external database
 * @param allowedOrigins browser origins allowed to open {@code /ws} and {@code /sockjs},
 * as Spring origin patterns. Same-origin pages are always allowed; the default adds pages
 * served from localhost on any port.
 */
@ConfigurationProperties("parley")
public record ParleyProperties(@DefaultValue("./data") Path dataDir, @DefaultValue( {
		"http://localhost:[*]", "http://127.0.0.1:[*]" }) List<String> allowedOrigins){
}
