package dev.parley.storage;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * On the embedded H2 database, the transaction manager writes the file after each commit
 * that no journal covers; Boot's own is used for any other database.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(H2FileDatabase.class)
class H2DurabilityConfig {

	@Bean
	JdbcTransactionManager transactionManager(DataSource dataSource,
			ObjectProvider<TransactionManagerCustomizers> customizers) {
		JdbcTransactionManager manager = new CheckpointingTransactionManager(dataSource);
		customizers.ifAvailable(each -> each.customize(manager));
		return manager;
	}

}
