/**
 * TCP handles bound to one event loop: {@link io.polyloop.api.net.TcpListener} and {@link io.polyloop.api.net.TcpStream}.
 */
@Export
@Version("0.1.0")
package io.polyloop.api.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
