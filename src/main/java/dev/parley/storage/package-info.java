/**
 * Storage wiring shared by the features that keep data: Spring Data JDBC over H2
 * (embedded default) or PostgreSQL, with the schema owned by Flyway
 * ({@code db/migration}).
 */
@NullMarked
package dev.parley.storage;

import org.jspecify.annotations.NullMarked;
