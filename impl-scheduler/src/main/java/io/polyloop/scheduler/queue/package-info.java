/**
 * Queues shared between threads. The concurrency contract is in the type name ({@code Mpsc}: many producers, one
 * consumer). Ordered accesses are spelled as VarHandle modes right where they matter: {@code setRelease} publishes a
 * node after its fields are written, {@code getAcquire} on the consumer side sees those fields; {@code getAndSet}
 * (a full fence) serialises producers.
 */
package io.polyloop.scheduler.queue;
