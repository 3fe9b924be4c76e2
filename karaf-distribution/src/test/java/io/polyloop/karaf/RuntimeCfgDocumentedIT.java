package io.polyloop.karaf;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.SettingDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@code etc/io.polyloop.runtime.cfg} shipped in the distribution zip documents every property of the catalog:
 * one line {@code name = value} (commented out or not) per property, preceded by a comment that says what it
 * accepts and its default, the value shown being the default; nothing else is named; and the file as shipped parses
 * to the defaults. No Karaf is booted.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RuntimeCfgDocumentedIT {
    private static final Pattern PROPERTY = Pattern.compile("^#?\\s*([A-Za-z][A-Za-z0-9_]*)\\s*=\\s*(.*)$");

    @Test
    void everyPropertyIsDocumentedWithItsDefault() throws IOException {
        List<String> lines = shippedCfg().lines().collect(java.util.stream.Collectors.toList());
        List<String> named = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = PROPERTY.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            named.add(name);
            SettingDefinition d = RuntimeSettings.definitions().stream().filter(x -> x.name().equals(name))
                    .findFirst().orElse(null);
            if (d == null) {
                fail("line " + (i + 1) + " names '" + name + "', which is not a property; accepted: "
                        + RuntimeSettings.names());
            }
            assertEquals(String.valueOf(d.defaultValue()), m.group(2).trim(), name + ": the value shown is the default");
            String comment = commentAbove(lines, i);
            assertTrue(comment.contains("Accepted:"), name + ": no 'Accepted:' in its comment:\n" + comment);
            assertTrue(comment.contains("Default: " + d.defaultValue()),
                    name + ": no 'Default: " + d.defaultValue() + "' in its comment:\n" + comment);
        }
        assertEquals(RuntimeSettings.names(), named, "each property once, in the catalog's order");
    }

    @Test
    void theShippedFileParsesToTheDefaults() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(shippedCfg()));
        assertEquals(RuntimeSettings.defaults(), RuntimeSettings.parse(toMap(p)));
    }

    private static java.util.Map<String, Object> toMap(Properties p) {
        java.util.Map<String, Object> m = new java.util.HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /** @return the block of comment lines right above line {@code index} */
    private static String commentAbove(List<String> lines, int index) {
        StringBuilder b = new StringBuilder();
        for (int i = index - 1; i >= 0 && lines.get(i).startsWith("#") && !PROPERTY.matcher(lines.get(i)).matches();
                i--) {
            b.insert(0, lines.get(i) + "\n");
        }
        return b.toString();
    }

    private static String shippedCfg() throws IOException {
        String zip = System.getProperty("polyloop.distribution.zip");
        assertTrue(zip != null && new File(zip).isFile(), "the distribution zip " + zip + " is not built");
        try (ZipFile z = new ZipFile(zip)) {
            ZipEntry e = z.stream().filter(x -> x.getName().endsWith("/etc/io.polyloop.runtime.cfg")).findFirst()
                    .orElseThrow(() -> new AssertionError("no etc/io.polyloop.runtime.cfg in " + zip));
            return new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
