/**
 * The load benchmark (docs/performance.md) and its smoke test. It depends on the main
 * code, the test fixtures ({@code dev.parley.support}) and libraries only, never on a
 * test.
 */
package dev.parley.bench;
