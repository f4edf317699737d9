/**
 * The live admin view: once a second every node sends its own figures (sessions, users
 * online, messages in and frames out per second, handling latency, errors by code, its
 * busiest conversations, broker and database status) to {@code /topic/admin.stats}, which
 * only ADMIN may subscribe to; the page ({@code admin.html}) keeps the latest of each
 * node and adds them up. Through the broker, in a cluster every admin gets every node's
 * figures.
 */
@NullMarked
package dev.parley.admin;

import org.jspecify.annotations.NullMarked;
