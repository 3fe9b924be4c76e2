package io.polyloop.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One subject in one table (a server, a client, an executor): its figures, or why it could not run. A figure is one
 * measurement ({@link #put}) or the figures of several rounds ({@link #putRounds}), whose median is the row's value.
 * A row of a peer (anything not polyloop) competes for "best peer"; polyloop's rows do not. Not thread safe.
 */
public final class Row {
    private final String subject;
    private final boolean polyloop;
    private final String unavailable;
    private final Map<Metric, Spread> values = new LinkedHashMap<>();
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
        values.put(metric, Spread.of(value));
        return this;
    }

    /** Sets the figures of every round (round order; NaN for a round that gave none): the value is their median. */
    public Row putRounds(Metric metric, Spread rounds) {
        values.put(metric, rounds);
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

    /** @return the figure (the median of the rounds), or NaN if it was not measured */
    public double value(Metric metric) {
        Spread v = values.get(metric);
        return v == null ? Double.NaN : v.median();
    }

    /** @return the figures of every round (one round for a single measurement), or an empty spread */
    public Spread spread(Metric metric) {
        Spread v = values.get(metric);
        return v == null ? Spread.of() : v;
    }

    /** @return the metrics this row has figures for, in the order they were put */
    public java.util.Set<Metric> metrics() {
        return java.util.Collections.unmodifiableSet(values.keySet());
    }

    public String note() {
        return note;
    }
}
