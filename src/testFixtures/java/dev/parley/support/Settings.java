package dev.parley.support;

import java.util.Map;

import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Settings records bound as Spring Boot binds them, defaults included, for tests that
 * build a part without a context.
 */
public final class Settings {

	private Settings() {
	}

	/** The record under {@code prefix} with nothing set: its defaults. */
	public static <T> T bind(String prefix, Class<T> type) {
		return bind(prefix, type, Map.of());
	}

	/** The record under {@code prefix} with the given properties (full names) set. */
	public static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix,
				Bindable.of(type).withBindMethod(BindMethod.VALUE_OBJECT));
	}

}
