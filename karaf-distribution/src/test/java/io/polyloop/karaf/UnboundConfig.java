package io.polyloop.karaf;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;

/**
 * Config Admin updates of a PID that Karaf keeps in a file of etc/, made so that fileinstall neither writes them back
 * to the file nor reads the file again.
 *
 * <p>Why: fileinstall 3.7.4 (the one of Karaf 4.4.10, the newest release) writes every update of a file-bound
 * configuration back to its file by truncating the file and then writing it (a plain FileOutputStream in
 * ConfigInstaller#doConfigurationEvent). Its own directory watcher polls etc/ every second and can read the file in
 * between: it then applies an empty configuration, and writes that back too (FELIX-6515; the upstream fix, a write
 * lock, is an unmerged pull request). For polyloop an empty configuration means the defaults, single-threaded on
 * backend=auto; that is what KarafLifecycleIT saw once in session 10, right after thread-per-core/1 was applied. An
 * update without {@value #FILENAME} unbinds the configuration from its file: fileinstall writes nothing back, and its
 * watcher sees the file unchanged and reads nothing. Tests that are about the file itself use {@link FileBackedConfig}.
 */
final class UnboundConfig {
    static final String FILENAME = "felix.fileinstall.filename";

    private UnboundConfig() {
    }

    /** Sets {@code keyValues} (key, value, key, value...) on {@code pid}, keeping its other properties. */
    static void put(ConfigurationAdmin configAdmin, String pid, Object... keyValues) throws IOException {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected, got " + keyValues.length + " items");
        }
        Configuration c = configAdmin.getConfiguration(pid, null);
        Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        props.remove(FILENAME);
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        c.update(props);
    }
}
