/**
 * Pooled direct buffers with a stated bound and leak detection: {@link io.polyloop.api.buffer.BufferPool}.
 */
@Export
@Version("0.1.0")
package io.polyloop.api.buffer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
