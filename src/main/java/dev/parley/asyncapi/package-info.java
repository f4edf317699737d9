/**
 * The AsyncAPI 3 document of the STOMP API, made from the code of the running app: every
 * {@code /app} destination its annotated handlers take, every payload marked
 * {@link dev.parley.stomp.Outbound}, their JSON Schemas and the error codes. Served at
 * {@code GET /api/asyncapi.yaml} (and {@code .json}) and committed as
 * {@code docs/asyncapi.yaml}.
 */
@NullMarked
package dev.parley.asyncapi;

import org.jspecify.annotations.NullMarked;
