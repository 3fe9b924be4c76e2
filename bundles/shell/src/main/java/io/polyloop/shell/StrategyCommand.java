package io.polyloop.shell;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code polyloop:strategy <name>}: sets {@code strategy} through Config Admin; the runtime moves its tasks, timers
 * and connections to the new set of loops live, and the command prints the outcome (or why it was rejected).
 */
@Command(scope = "polyloop", name = "strategy", description = "Sets the execution strategy (PID io.polyloop.runtime"
        + " through Config Admin); the loops change live, and the command reports the outcome")
@Service
public final class StrategyCommand implements Action {
    @Argument(index = 0, name = "strategy", required = true, description = "single-threaded, thread-per-core or"
            + " work-stealing")
    @Completion(StrategyCompleter.class)
    String strategy;

    @Reference
    IoRuntime runtime;

    @Reference
    ConfigurationAdmin configAdmin;

    @Override
    public Object execute() throws Exception {
        System.out.println(RuntimeConfig.set(configAdmin, runtime, RuntimeSettings.STRATEGY, strategy,
                v -> null, info -> info.strategy().configName().equals(strategy)));
        return null;
    }
}
