package io.polyloop.scheduler.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JVM still started with one of the retired -D buffer properties is told which setting replaced it. */
class RetiredPropertiesTest {

    @AfterEach
    void clear() {
        RetiredProperties.REPLACED.keySet().forEach(System::clearProperty);
    }

    @Test
    void eachRetiredPropertySetIsNamedWithItsSetting() {
        assertEquals(List.of(), RetiredProperties.set());
        System.setProperty("io.polyloop.buffers.starvedReadMillis", "2000");
        System.setProperty("io.polyloop.buffers.trackLeaks", "true");
        List<String> lines = RetiredProperties.set();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("-Dio.polyloop.buffers.starvedReadMillis=2000 is no longer read: set"
                + " starvedReadMillis in the configuration PID io.polyloop.runtime"), lines.get(0));
        assertTrue(lines.get(1).contains("trackLeaks=true is no longer read: set trackLeaks"), lines.get(1));
    }
}
