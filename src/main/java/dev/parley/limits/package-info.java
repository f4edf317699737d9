/**
 * Abuse limits: message rates per user (Bucket4j) and concurrent sessions per user and
 * per client address.
 */
@NullMarked
package dev.parley.limits;

import org.jspecify.annotations.NullMarked;
