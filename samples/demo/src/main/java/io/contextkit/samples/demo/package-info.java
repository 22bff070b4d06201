/**
 * The one-command demo of the ContextKit samples: an in-process KRaft Kafka broker, a
 * payment-provider stub and both sample services as child processes, plus what the demo reads back
 * from them.
 */
@NullMarked
package io.contextkit.samples.demo;

import org.jspecify.annotations.NullMarked;
