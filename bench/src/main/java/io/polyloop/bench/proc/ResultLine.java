package io.polyloop.bench.proc;

import java.util.HashMap;
import java.util.Map;

/** The {@code RESULT key=value ...} line children print last. */
public final class ResultLine {
    private ResultLine() {
    }

    /** @return the key/value pairs of {@code line} (which starts with "RESULT ") */
    public static Map<String, String> parse(String line) {
        if (!line.startsWith("RESULT ")) {
            throw new IllegalArgumentException("not a RESULT line: " + line);
        }
        Map<String, String> m = new HashMap<>();
        for (String kv : line.substring("RESULT ".length()).trim().split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }
}
