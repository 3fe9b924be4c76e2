/**
 * The async sync primitives of {@link io.polyloop.api.sync}. Each primitive guards its state with one small private
 * lock ({@link io.polyloop.scheduler.sync.Waitable}); waiters are nodes of intrusive FIFO lists, served under the
 * lock and completed on their own loop after it is released. Cancelling a waiter and serving it are decided under
 * the same lock, so exactly one of them happens.
 */
package io.polyloop.scheduler.sync;
