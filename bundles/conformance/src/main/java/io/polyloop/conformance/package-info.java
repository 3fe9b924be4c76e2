/**
 * The backend conformance kit. A backend's tests extend each topic suite once and name their provider:
 * {@link io.polyloop.conformance.StreamConformance}, {@link io.polyloop.conformance.DatagramFileConformance},
 * {@link io.polyloop.conformance.LifecycleConformance} and {@link io.polyloop.conformance.HotSwapConformance}. Every
 * test runs on a {@link io.polyloop.conformance.LoopHarness}, which also checks exactly-once completion. A backend
 * with an optional capability extends its suite too ({@link io.polyloop.conformance.HandleTransferConformance});
 * {@link io.polyloop.conformance.AcceptEmfileConformance} drives one driver on the test thread, on Linux only.
 */
@Export
@Version("0.2.0")
package io.polyloop.conformance;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
