package io.polyloop.shell;

import io.polyloop.api.IoRuntime;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code polyloop:status}: strategy, backend, totals, last swap, last rejected configuration, settings. */
@Command(scope = "polyloop", name = "status", description = "Shows the polyloop runtime: strategy, backend, queued"
        + " tasks, timers, connections, last swap and its pause, last rejected configuration, settings")
@Service
public final class StatusCommand implements Action {
    @Reference
    IoRuntime runtime;

    @Override
    public Object execute() {
        System.out.print(StatusText.status(runtime.info()));
        return null;
    }
}
