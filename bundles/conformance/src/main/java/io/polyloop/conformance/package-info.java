/**
 * The backend conformance kit: {@link io.polyloop.conformance.DriverConformanceSuite}, which a backend's test
 * extends, and the {@link io.polyloop.conformance.LoopHarness} it runs on.
 */
@Export
@Version("0.1.0")
package io.polyloop.conformance;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
