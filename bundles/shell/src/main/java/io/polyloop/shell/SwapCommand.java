package io.polyloop.shell;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/** {@code polyloop:swap <backend>}: sets {@code backend} through Config Admin; the loops swap live. */
@Command(scope = "polyloop", name = "swap", description = "Swaps the backend of every loop live (sets backend in"
        + " PID io.polyloop.runtime through Config Admin) and reports the outcome")
@Service
public final class SwapCommand implements Action {
    @Argument(index = 0, name = "backend", required = true, description = "auto or an installed backend's name")
    @Completion(BackendCompleter.class)
    String backend;

    @Reference
    IoRuntime runtime;

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference
    BundleContext context;

    @Override
    public Object execute() throws Exception {
        System.out.println(RuntimeConfig.set(configAdmin, runtime, RuntimeSettings.BACKEND, backend,
                v -> Providers.unusable(Providers.all(context), v), info -> info.settings().backend().equals(backend)));
        return null;
    }
}
