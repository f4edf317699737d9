/**
 * AMQP ingress (relay mode): backend services publish chat messages to the
 * {@code parley.inbound} topic exchange; invalid ones are dead-lettered with the reason.
 */
@NullMarked
package dev.parley.ingress;

import org.jspecify.annotations.NullMarked;
