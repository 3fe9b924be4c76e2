package io.polyloop.api;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pooled-buffer settings: defaults, bounds, conversions, trackLeaks over leakSampling, errors naming the value. */
class BufferSettingsTest {

    @Test
    void defaults() {
        RuntimeSettings d = RuntimeSettings.defaults();
        assertEquals(10_000, d.starvedReadMillis());
        assertEquals(128, d.leakSampling());
        assertFalse(d.trackLeaks());
    }

    @Test
    void boundsAndCfgStringsAreAccepted() {
        RuntimeSettings s = RuntimeSettings.parse(Map.of(RuntimeSettings.STARVED_READ_MILLIS, " 0 ",
                RuntimeSettings.LEAK_SAMPLING, "1048576", RuntimeSettings.TRACK_LEAKS, "FALSE"));
        assertEquals(0, s.starvedReadMillis());
        assertEquals(1 << 20, s.leakSampling());
        assertEquals(3_600_000, RuntimeSettings.parse(Map.of(RuntimeSettings.STARVED_READ_MILLIS, 3_600_000L))
                .starvedReadMillis());
        assertEquals(1, RuntimeSettings.parse(Map.of(RuntimeSettings.LEAK_SAMPLING, 1)).leakSampling());
    }

    @Test
    void trackLeaksTracksEveryLoanWhateverTheSampling() {
        RuntimeSettings s = RuntimeSettings.parse(Map.of(RuntimeSettings.LEAK_SAMPLING, 64,
                RuntimeSettings.TRACK_LEAKS, true));
        assertTrue(s.trackLeaks());
        assertEquals(1, s.leakSampling());
        assertEquals(64, s.intValue(RuntimeSettings.LEAK_SAMPLING), "the configured value is kept as given");
    }

    @Test
    void badValuesAreNamedWithWhatIsAccepted() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put(RuntimeSettings.STARVED_READ_MILLIS, "3600001");
        bad.put(RuntimeSettings.LEAK_SAMPLING, 0);
        bad.put(RuntimeSettings.TRACK_LEAKS, "yes");
        String m = assertThrows(SettingsException.class, () -> RuntimeSettings.parse(bad)).getMessage();
        assertTrue(m.contains("starvedReadMillis=3600001 is out of range; accepted: 0 (fail at the first retry) to"
                + " 3600000"), m);
        assertTrue(m.contains("leakSampling=0 is out of range; accepted: 1 (every loan) to 1048576"), m);
        assertTrue(m.contains("trackLeaks='yes' is not a boolean; accepted: true or false"), m);
        String words = assertThrows(SettingsException.class, () -> RuntimeSettings.parse(
                Map.of(RuntimeSettings.STARVED_READ_MILLIS, "ten seconds"))).getMessage();
        assertTrue(words.contains("starvedReadMillis='ten seconds' is not an integer"), words);
    }

    @Test
    void theOldSystemPropertyNamesAreNotSettings() {
        // a copied -D name would do nothing, so it is rejected with the name it should have been
        String copied = assertThrows(SettingsException.class,
                () -> RuntimeSettings.parse(Map.of("io.polyloop.buffers.leakSampling", "1"))).getMessage();
        assertTrue(copied.contains("unknown property 'io.polyloop.buffers.leakSampling': settings of io.polyloop.runtime"
                + " have no dots (did you mean 'leakSampling'?)"), copied);
        String other = assertThrows(SettingsException.class,
                () -> RuntimeSettings.parse(Map.of("io.polyloop.colour", "blue"))).getMessage();
        assertTrue(other.contains("unknown property 'io.polyloop.colour': settings of io.polyloop.runtime have no dots;"
                + " accepted: strategy"), other);
        // the framework's dotted names stay ignored
        assertEquals(RuntimeSettings.defaults(), RuntimeSettings.parse(Map.of("service.pid", "io.polyloop.runtime",
                "felix.fileinstall.filename", "file:/etc/io.polyloop.runtime.cfg")));
        String m = assertThrows(SettingsException.class, () -> RuntimeSettings.parse(Map.of("starvedRead", 5)))
                .getMessage();
        assertTrue(m.contains("unknown property 'starvedRead'") && m.contains("starvedReadMillis"), m);
    }
}
