package io.polyloop.api;

import java.util.List;

/**
 * Rejection of runtime settings. The message names every property that was wrong, the value given, and what is
 * accepted; {@link #problems()} has one line per property.
 */
public final class SettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public SettingsException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
