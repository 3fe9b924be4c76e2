package io.polyloop.shell;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.spi.IoBackendProvider;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;

import java.util.List;

/** Completes {@code auto} and the names of the installed backends. */
@Service
public final class BackendCompleter implements Completer {
    @Reference
    BundleContext context;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        names.getStrings().add(RuntimeSettings.AUTO);
        for (IoBackendProvider p : Providers.all(context)) {
            names.getStrings().add(p.name());
        }
        return names.complete(session, commandLine, candidates);
    }
}
