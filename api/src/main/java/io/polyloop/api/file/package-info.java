/**
 * Asynchronous file I/O on an {@link io.polyloop.api.IoRuntime}: {@link io.polyloop.api.file.AsyncFile}.
 */
@Export
@Version("0.1.0")
package io.polyloop.api.file;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
