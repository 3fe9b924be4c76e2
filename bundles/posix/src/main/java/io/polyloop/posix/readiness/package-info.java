/**
 * The machinery the readiness backends (epoll, kqueue) share, whatever their kernel API: per-handle state with its
 * per-direction request queues ({@link io.polyloop.posix.readiness.ReadinessState},
 * {@link io.polyloop.posix.readiness.RequestQueue}), the fd-indexed table of a driver's handles
 * ({@link io.polyloop.posix.readiness.HandleTable}), undelivered completions
 * ({@link io.polyloop.posix.readiness.Completions}), which operation suits which handle
 * ({@link io.polyloop.posix.readiness.Ops}), and regular files run on a blocking pool
 * ({@link io.polyloop.posix.readiness.FileOps}, {@link io.polyloop.posix.readiness.FileTask},
 * {@link io.polyloop.posix.readiness.BlockingPool}), and reads served from the input a previous driver handed over
 * ({@link io.polyloop.posix.readiness.CarriedReads}). For backends only: consumers never see these types.
 */
@Export
@Version("0.1.0")
package io.polyloop.posix.readiness;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
