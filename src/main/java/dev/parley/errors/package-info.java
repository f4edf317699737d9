/**
 * How refusals reach clients: error codes, the {@code /user/queue/errors} payload, STOMP
 * ERROR frames and HTTP problem details.
 */
@NullMarked
package dev.parley.errors;

import org.jspecify.annotations.NullMarked;
