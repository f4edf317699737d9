package dev.parley.files;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code parley.files}.
 *
 * @param maxSize the largest upload (default 10 MB); larger ones get 413
 * @param jobQueue the durable RabbitMQ queue of processing jobs in relay mode (default
 * {@code parley.files.jobs})
 */
@ConfigurationProperties("parley.files")
record FilesProperties(@DefaultValue("10MB") DataSize maxSize, @DefaultValue("parley.files.jobs") String jobQueue) {
}
