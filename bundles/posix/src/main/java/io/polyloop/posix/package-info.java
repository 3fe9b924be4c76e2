/**
 * POSIX bindings shared by the epoll, io_uring and kqueue backends: JNA direct-mapped libc ({@link
 * io.polyloop.posix.LibC}), errno access and translation ({@link io.polyloop.posix.Errors}), per-platform constants
 * ({@link io.polyloop.posix.LinuxConstants}), sockaddr codecs ({@link io.polyloop.posix.SockAddr}), native scratch
 * memory ({@link io.polyloop.posix.NativeMemory}) and direct buffer addresses ({@link
 * io.polyloop.posix.DirectBuffers}). For backends only: consumers never see these types.
 */
@Export
@Version("0.1.0")
package io.polyloop.posix;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
