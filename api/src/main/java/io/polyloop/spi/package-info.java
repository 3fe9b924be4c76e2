/**
 * The backend SPI. A backend bundle registers one {@link io.polyloop.spi.IoBackendProvider}; the runtime opens one
 * {@link io.polyloop.spi.IoDriver} per event loop from it.
 *
 * <p>Reactor and proactor are unified here: every operation is a {@link io.polyloop.spi.IoRequest} that is submitted
 * and later completes exactly once through a {@link io.polyloop.spi.CompletionSink}, with a result &ge; 0, a negative
 * errno-style code from {@link io.polyloop.spi.Errno}, or {@code -ECANCELED}. A readiness backend performs the syscall
 * itself once the descriptor is ready; a completion backend hands the operation to the kernel. Nothing above this
 * package knows which kind runs. No JNA type, raw pointer or platform errno appears in this package.
 *
 * <p>Threading: a driver, its handles and its requests are confined to the loop thread that opened the driver;
 * {@link io.polyloop.spi.IoDriver#wakeup()} is the only method callable from any thread.
 */
@Export
@Version("0.2.0")
package io.polyloop.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
