/**
 * The polyloop runtime as consumers see it: {@link io.polyloop.api.IoRuntime}, {@link io.polyloop.api.Task},
 * the settings shared by Config Admin and the plain-Java builder, and the status view.
 */
@Export
@Version("0.1.0")
package io.polyloop.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
