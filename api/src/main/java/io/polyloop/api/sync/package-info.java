/**
 * Async synchronisation primitives of an {@link io.polyloop.api.IoRuntime}, obtained from
 * {@link io.polyloop.api.IoRuntime#sync()}: {@link io.polyloop.api.sync.Channel}, {@link io.polyloop.api.sync.Oneshot},
 * {@link io.polyloop.api.sync.Mutex}, {@link io.polyloop.api.sync.Semaphore}, {@link io.polyloop.api.sync.RwLock},
 * {@link io.polyloop.api.sync.Barrier} and {@link io.polyloop.api.sync.Notify}, with Tokio's semantics.
 *
 * <p>Common contract:
 * <ul>
 *   <li>No operation blocks the calling thread. An operation that may have to wait returns a
 *       {@link io.polyloop.api.Task}; the {@code try…} forms never wait.</li>
 *   <li>Every primitive is thread safe: a producer on one loop, a consumer on another and a plain thread may share it.</li>
 *   <li>A task returned to a caller on a loop thread completes on that loop; called from another thread, it completes
 *       on a loop the runtime chooses. Its continuations therefore never run on the thread of whoever released the
 *       waiter, and never inside the primitive.</li>
 *   <li>Waiters are served first come, first served.</li>
 *   <li>{@link io.polyloop.api.Task#cancel()} on a waiting task is decisive: it returns true and the wait is withdrawn
 *       with nothing taken (no permit, no message), or it returns false because the waiter was already served and
 *       the task is completing with what it was given. A served message or permit is never lost.</li>
 *   <li>Waiters are not bounded by the primitive: there is at most one per pending task that a caller holds.</li>
 * </ul>
 */
@Export
@Version("0.1.0")
package io.polyloop.api.sync;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
