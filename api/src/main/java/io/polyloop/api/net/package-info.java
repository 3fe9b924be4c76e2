/**
 * Sockets bound to one event loop: {@link io.polyloop.api.net.TcpListener}, {@link io.polyloop.api.net.TcpStream},
 * {@link io.polyloop.api.net.UdpSocket}, their options ({@link io.polyloop.api.net.TcpOptions}) and addresses
 * ({@link io.polyloop.api.net.HostAndPort}).
 */
@Export
@Version("0.2.0")
package io.polyloop.api.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
