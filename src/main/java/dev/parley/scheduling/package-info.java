/**
 * The node's clock and timer scheduler, shared by every feature that keeps time.
 */
@NullMarked
package dev.parley.scheduling;

import org.jspecify.annotations.NullMarked;
