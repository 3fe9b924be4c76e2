package io.polyloop.karaf;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;

import java.io.File;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

/**
 * The Pax Exam options every Karaf test of this module boots with: this module's own distribution zip (pitfall 9 of
 * NOTES-KARAF), unpacked under {@code target/it/<name>}, the echo example on a free port, and bounded waits.
 *
 * <p>{@link #BOOT_TIMEOUT_MS} bounds the boot: a provisioning deadlock (pitfall 10) ends as "gave up waiting for
 * service". On a loaded 2-core machine a boot has taken up to ~150 s, so the bound is generous; a healthy boot here
 * takes 20-60 s.
 */
final class KarafOptions {
    static final long BOOT_TIMEOUT_MS = 300_000;

    private KarafOptions() {
    }

    static Option[] distribution(String name) {
        String zip = System.getProperty("polyloop.distribution.zip");
        if (zip == null || !new File(zip).isFile()) {
            throw new IllegalStateException("the distribution zip " + zip + " is not built: run 'mvn verify' (the"
                    + " integration tests boot the zip packaged by this module)");
        }
        String work = System.getProperty("polyloop.it.work", "target/it");
        return new Option[] {
            // -Dpolyloop.it.keep=true keeps the unpacked Karaf (with data/log/karaf.log) for a post-mortem.
            when(Boolean.getBoolean("polyloop.it.keep")).useOptions(keepRuntimeFolder()),
            karafDistributionConfiguration()
                    .frameworkUrl("file:" + new File(zip).getAbsolutePath())
                    .karafVersion(System.getProperty("polyloop.karaf.version", "4.4.10"))
                    .name("polyloop distribution")
                    .unpackDirectory(new File(work, name))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevelOption.LogLevel.INFO),
            // The echo example is part of the distribution: any free port here, so it never clashes with 7007.
            editConfigurationFilePut("etc/io.polyloop.example.echo.cfg", "port", "0"),
            systemTimeout(BOOT_TIMEOUT_MS),
            // How long @Inject waits for a service inside Karaf (boot features are still provisioning at first).
            systemProperty("pax.exam.service.timeout").value(String.valueOf(BOOT_TIMEOUT_MS)),
        };
    }
}
