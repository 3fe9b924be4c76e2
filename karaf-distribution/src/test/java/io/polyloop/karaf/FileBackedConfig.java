package io.polyloop.karaf;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A configuration that Karaf's fileinstall keeps in a file of etc/, deleted and put back without racing fileinstall.
 *
 * <p>Why this exists: deleting such a configuration is two deletions. Config Admin deletes it, fileinstall's listener
 * then deletes the file, and fileinstall's directory watcher, at its next poll (1 s in Karaf), sees the file gone and
 * deletes the configuration <em>of that PID</em> again, whatever configuration has that PID by then. A test that
 * writes the PID again before that poll has its new configuration deleted under it a second later (CI, session 8:
 * the next test's {@code getConfiguration(..).getProperties()} threw "Configuration io.polyloop.runtime deleted").
 * So {@link #delete} returns only after the watcher's deletion too, and {@link #restore} puts the file back, which
 * fileinstall installs as a new configuration bound to its file, as the distribution ships it.
 */
final class FileBackedConfig {
    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final String pid;
    private final Path file;
    private final byte[] saved;

    private FileBackedConfig(BundleContext context, ConfigurationAdmin configAdmin, String pid) throws IOException {
        this.context = context;
        this.configAdmin = configAdmin;
        this.pid = pid;
        this.file = Paths.get(System.getProperty("karaf.etc"), pid + ".cfg");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("the distribution ships " + file + "; it is not there");
        }
        this.saved = Files.readAllBytes(file);
    }

    /** Saves the file's current content, for {@link #restore}. */
    static FileBackedConfig save(BundleContext context, ConfigurationAdmin configAdmin, String pid)
            throws IOException {
        return new FileBackedConfig(context, configAdmin, pid);
    }

    /** Deletes the configuration and returns once fileinstall has deleted its file and then the PID again. */
    void delete() throws Exception {
        AtomicInteger deletions = new AtomicInteger();
        ConfigurationListener listener = event -> {
            if (event.getType() == ConfigurationEvent.CM_DELETED && pid.equals(event.getPid())) {
                deletions.incrementAndGet();
            }
        };
        ServiceRegistration<ConfigurationListener> registration =
                context.registerService(ConfigurationListener.class, listener, null);
        try {
            configAdmin.getConfiguration(pid, null).delete();
            Await.until("fileinstall deleted " + file + ", then the PID " + pid + " at its next poll",
                    () -> !Files.exists(file) && deletions.get() >= 2,
                    () -> "file exists " + Files.exists(file) + ", deletions of the PID seen " + deletions.get());
        } finally {
            registration.unregister();
        }
    }

    /** Writes the saved content back and returns once fileinstall has made it the configuration of the PID again. */
    void restore() throws Exception {
        Files.write(file, saved);
        String filter = "(&(service.pid=" + pid + ")(felix.fileinstall.filename=*))";
        Await.until("fileinstall installed " + file + " as the configuration " + pid,
                () -> {
                    try {
                        return configAdmin.listConfigurations(filter) != null;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, () -> "no configuration matches " + filter);
    }
}
