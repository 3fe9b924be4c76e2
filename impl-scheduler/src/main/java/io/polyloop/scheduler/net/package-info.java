/**
 * The TCP front-end: {@link io.polyloop.api.net.TcpStream} and {@link io.polyloop.api.net.TcpListener} over
 * {@link io.polyloop.spi.IoRequest}s of the loop's driver. Each object keeps one reusable request per direction, so
 * steady-state reading and writing allocates only the user-facing task. Data passes through the loop's pooled
 * direct staging buffers: the caller's buffer is never handed to the kernel, so a cancelled read can never write
 * into memory the caller has taken back.
 */
package io.polyloop.scheduler.net;
