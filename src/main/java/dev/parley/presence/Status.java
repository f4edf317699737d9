package dev.parley.presence;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * A user's presence, written in lower case on the wire.
 */
enum Status {

	ONLINE, AWAY, OFFLINE;

	@JsonValue
	String wire() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	@JsonCreator
	static @Nullable Status fromWire(@Nullable String value) {
		for (Status status : values()) {
			if (status.wire().equals(value)) {
				return status;
			}
		}
		return null;
	}

}
