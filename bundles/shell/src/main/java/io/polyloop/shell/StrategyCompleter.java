package io.polyloop.shell;

import io.polyloop.api.Strategy;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the strategy names of this version. */
@Service
public final class StrategyCompleter implements Completer {
    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        for (Strategy s : Strategy.values()) {
            names.getStrings().add(s.configName());
        }
        return names.complete(session, commandLine, candidates);
    }
}
