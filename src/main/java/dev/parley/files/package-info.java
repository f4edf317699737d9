/**
 * File processing: uploads become jobs (on RabbitMQ in relay mode, so any node's worker
 * may take them; in-process on the embedded default) whose progress reaches the uploader
 * at {@code /user/queue/files} on any node.
 */
@NullMarked
package dev.parley.files;

import org.jspecify.annotations.NullMarked;
