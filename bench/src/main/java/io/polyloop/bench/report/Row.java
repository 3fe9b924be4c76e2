package io.polyloop.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One subject in one table (a server, a client, an executor): its figures, or why it could not run. A row of a peer
 * (anything not polyloop) competes for "best peer"; polyloop's rows do not. Not thread safe.
 */
public final class Row {
    private final String subject;
    private final boolean polyloop;
    private final String unavailable;
    private final Map<Metric, Double> values = new LinkedHashMap<>();
    private String note = "";

    private Row(String subject, boolean polyloop, String unavailable) {
        this.subject = subject;
        this.polyloop = polyloop;
        this.unavailable = unavailable;
    }

    public static Row of(String subject, boolean polyloop) {
        return new Row(subject, polyloop, null);
    }

    /** A row that could not run: the report prints "not available: {@code why}". */
    public static Row notAvailable(String subject, boolean polyloop, String why) {
        return new Row(subject, polyloop, why);
    }

    public Row put(Metric metric, double value) {
        values.put(metric, value);
        return this;
    }

    public Row note(String text) {
        note = note.isEmpty() ? text : note + "; " + text;
        return this;
    }

    public String subject() {
        return subject;
    }

    public boolean polyloop() {
        return polyloop;
    }

    /** @return why it could not run, or null if it ran */
    public String unavailable() {
        return unavailable;
    }

    /** @return the figure, or NaN if it was not measured */
    public double value(Metric metric) {
        Double v = values.get(metric);
        return v == null ? Double.NaN : v;
    }

    public String note() {
        return note;
    }
}
