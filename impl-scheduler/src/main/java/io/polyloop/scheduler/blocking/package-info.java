/**
 * Work that must not run on a loop: blocking calls ({@link io.polyloop.scheduler.blocking.BlockingPool}) and
 * CPU-bound batches ({@link io.polyloop.scheduler.blocking.ComputePool}). Results come back as tasks whose
 * continuations run on a loop.
 */
package io.polyloop.scheduler.blocking;
