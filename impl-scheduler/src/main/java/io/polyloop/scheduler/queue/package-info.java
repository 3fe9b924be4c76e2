/**
 * Queues shared between threads. The concurrency contract is in the type name ({@code Mpsc}: many producers, one
 * consumer). Ordered accesses are spelled as VarHandle modes right where they matter: {@code setRelease} publishes an
 * element after it is complete, {@code getAcquire} on the consumer side sees it whole; {@code compareAndSet} (a full
 * fence) serialises producers.
 */
package io.polyloop.scheduler.queue;
