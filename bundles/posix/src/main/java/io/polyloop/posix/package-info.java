/**
 * POSIX bindings shared by the epoll, io_uring and kqueue backends: JNA direct-mapped libc ({@link
 * io.polyloop.posix.LibC}) and its variadic functions bound right on every ABI ({@link io.polyloop.posix.Variadic}),
 * the calls as an interface a test can emulate ({@link io.polyloop.posix.PosixSyscalls}), errno access and
 * translation ({@link io.polyloop.posix.Errors}), per-platform constants ({@link io.polyloop.posix.LinuxConstants},
 * {@link io.polyloop.posix.DarwinConstants}, {@link io.polyloop.posix.FreeBsdConstants}) read as values through
 * {@link io.polyloop.posix.PosixPlatform}, sockaddr codecs with or without {@code sa_len} ({@link
 * io.polyloop.posix.SockAddr}), native scratch
 * memory ({@link io.polyloop.posix.NativeMemory}) and direct buffer addresses ({@link
 * io.polyloop.posix.DirectBuffers}), and the JNA bindings of a bundle, unbound on stop so that its class loader can be
 * collected ({@link io.polyloop.posix.NativeBindings}); on Java 22+ the hot calls go through FFM instead of JNA
 * ({@link io.polyloop.posix.Ffm}). For backends only: consumers never see these types.
 */
@Export
@Version("0.6.0")
package io.polyloop.posix;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
