package io.polyloop.scheduler.net;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** {@link DirectMemoryStarvationSuite} on kqueue-macos (the kqueue emulation of macOS on Linux), single-threaded. */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the kqueue emulation runs over Linux epoll")
class KqueueMacosSingleThreadedDirectMemoryTest extends DirectMemoryStarvationSuite {
    @Override
    protected String backend() {
        return "kqueue-macos";
    }
}
