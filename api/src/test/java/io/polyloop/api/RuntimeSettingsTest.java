package io.polyloop.api;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeSettingsTest {

    @Test
    void defaultsComeFromTheCatalog() {
        RuntimeSettings d = RuntimeSettings.defaults();
        for (SettingDefinition def : RuntimeSettings.definitions()) {
            assertEquals(def.defaultValue(), d.value(def.name()), def.name());
        }
        assertEquals(RuntimeSettings.names().size(), d.toProperties().size());
    }

    @Test
    void stringsFromACfgFileAreConverted() {
        RuntimeSettings s = RuntimeSettings.parse(Map.of(RuntimeSettings.THREADS, " 3 ",
                RuntimeSettings.RING_SIZE, "1024", "service.pid", "ignored"));
        assertEquals(3, s.threads());
        assertEquals(1024, s.ringSize());
    }

    @Test
    void everyProblemIsNamedWithValueAndWhatIsAccepted() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("colour", "blue");
        bad.put(RuntimeSettings.THREADS, "many");
        bad.put(RuntimeSettings.RING_SIZE, 1000);
        bad.put(RuntimeSettings.TASK_BUDGET, 0L);
        bad.put(RuntimeSettings.BACKEND, "Not A Backend");
        bad.put(RuntimeSettings.STRATEGY, 7);
        SettingsException e = assertThrows(SettingsException.class, () -> RuntimeSettings.parse(bad));
        String m = e.getMessage();
        assertTrue(m.contains("unknown property 'colour'"), m);
        assertTrue(m.contains("threads='many' is not an integer; accepted: 0 (one per core) to 1024"), m);
        assertTrue(m.contains("ringSize=1000 is not a power of two"), m);
        assertTrue(m.contains("taskBudget=0 is out of range; accepted: 1 to 65536"), m);
        assertTrue(m.contains("backend='Not A Backend' is not a backend name"), m);
        assertTrue(m.contains("strategy=7 (Integer) is not a string"), m);
    }

    @Test
    void withOverlaysAndRevalidates() {
        RuntimeSettings s = RuntimeSettings.defaults().with(Map.of(RuntimeSettings.TASK_BUDGET, 8));
        assertEquals(8, s.taskBudget());
        assertThrows(SettingsException.class, () -> s.with(Map.of(RuntimeSettings.QUEUE_CAPACITY, 1)));
    }
}
