package dev.parley.storage;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code spring.datasource.url} names an H2 database kept in files (the
 * embedded default), not one in memory and not another database. Such a database commits
 * to memory and writes its files behind; Parley makes its commits durable itself
 * ({@link JournaledCommits}).
 */
public final class H2FileDatabase implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return isH2File(context.getEnvironment().getProperty("spring.datasource.url"));
	}

	static boolean isH2File(@Nullable String url) {
		if (url == null) {
			return false;
		}
		String lower = url.toLowerCase(Locale.ROOT);
		return lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:");
	}

}
