package dev.parley.files;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One upload to process: who sent it, what they called it and what they said it is, and
 * the bytes.
 */
record FileJob(UUID fileId, String owner, String name, @Nullable String declaredType, byte[] content) {
}
