package io.polyloop.shell;

import io.polyloop.api.IoRuntime;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code polyloop:loops}: one row per event loop. */
@Command(scope = "polyloop", name = "loops", description = "Shows each event loop: backend, queue depth, timers,"
        + " handles, tasks run, wake-ups, blocked episodes, driver swaps and the pause of the last one")
@Service
public final class LoopsCommand implements Action {
    @Reference
    IoRuntime runtime;

    @Override
    public Object execute() {
        System.out.print(StatusText.loops(runtime.info()));
        return null;
    }
}
