package dev.parley.messaging;

import java.io.IOException;

import dev.parley.ParleyProperties;
import dev.parley.storage.H2FileDatabase;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The message journal, on the embedded H2 database only: PostgreSQL's commit is already
 * an append to its write-ahead log.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(H2FileDatabase.class)
class MessageJournalConfig {

	@Bean
	MessageJournal messageJournal(ParleyProperties properties) throws IOException {
		return new MessageJournal(properties.dataDir().resolve("journal"));
	}

}
