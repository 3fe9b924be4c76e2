package io.polyloop.shell;

import io.polyloop.api.IoRuntime;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

/** {@code polyloop:backends}: each installed provider with its rank, probe result and reason. */
@Command(scope = "polyloop", name = "backends", description = "Shows each installed backend provider: rank, whether"
        + " the runtime uses it, its probe result and, if unavailable, why")
@Service
public final class BackendsCommand implements Action {
    @Reference
    IoRuntime runtime;

    @Reference
    BundleContext context;

    @Override
    public Object execute() {
        System.out.print(StatusText.backends(Providers.all(context), runtime.info().backend()));
        return null;
    }
}
