/**
 * Test fixtures shared by the tests and the benchmark: the STOMP test client, the HTTP
 * API and test tokens, throwaway RabbitMQ and PostgreSQL servers, Parley nodes in a
 * context or a JVM of their own, and the test tiers' tags. They depend on the main code
 * and libraries only, never on a test.
 */
package dev.parley.support;
