package io.polyloop.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The goals summary at the top of a results file: each goal, the two rows it compares, their {@link Verdict} and
 * whether the goal is met, all computed from the tables of the run. Not thread safe.
 */
public final class Goals {
    /** What a goal asks of polyloop's row against the peer's. */
    public enum Expect {
        /** spreads apart, polyloop better */
        AHEAD("ahead"),
        /** ahead, or spreads overlapping with polyloop's median at least {@value Goals#LEVEL} of the peer's */
        AT_LEAST_LEVEL("at least level: median ≥ 0.95×"),
        /** ahead by at least {@value Goals#FAR} times */
        FAR_AHEAD("far ahead: ≥ 2×"),
        /** ahead, level, or at least {@value Goals#REACH} of the peer */
        WITHIN_REACH("within reach: ≥ 0.8×");

        final String text;

        Expect(String text) {
            this.text = text;
        }
    }

    public enum Status { MET, NOT_MET, UNDECIDED, NOT_MEASURED }

    static final double FAR = 2.0;
    /**
     * Overlapping ranges alone do not make two rows level: with a few noisy rounds, 0.65x can overlap. Level is a
     * median within 5% (or better) as well.
     */
    static final double LEVEL = 0.95;
    static final double REACH = 0.8;

    private record Entry(String goal, Expect expect, Verdict verdict, String missing) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * Adds a goal comparing {@code subject} with {@code peer} on {@code metric}. A null row (the subject or peer did
     * not run in this run) makes it "not measured".
     */
    public Goals add(String goal, Expect expect, Row subject, Row peer, Metric metric) {
        if (subject == null || peer == null || subject.unavailable() != null || peer.unavailable() != null
                || Double.isNaN(subject.value(metric)) || Double.isNaN(peer.value(metric))) {
            entries.add(new Entry(goal, expect, null, (subject == null || subject.unavailable() != null ? "polyloop's"
                    : "the peer's") + " row did not run in this run"));
        } else {
            entries.add(new Entry(goal, expect, Verdict.of(subject, peer, metric), null));
        }
        return this;
    }

    /** @return whether the verdict meets what the goal expects */
    public static Status status(Expect expect, Verdict v) {
        if (v.outcome() == Verdict.Outcome.UNDECIDED) {
            return Status.UNDECIDED;
        }
        // How many times better polyloop is, whichever way the metric is better.
        double factor = v.metric().higherIsBetter() ? v.ratio() : 1 / v.ratio();
        boolean met;
        switch (expect) {
            case AHEAD: met = v.outcome() == Verdict.Outcome.AHEAD; break;
            case AT_LEAST_LEVEL: met = v.outcome() == Verdict.Outcome.AHEAD
                    || (v.outcome() == Verdict.Outcome.LEVEL && factor >= LEVEL); break;
            case FAR_AHEAD: met = v.outcome() == Verdict.Outcome.AHEAD && factor >= FAR; break;
            default: met = v.outcome() != Verdict.Outcome.BEHIND || factor >= REACH;
        }
        return met ? Status.MET : Status.NOT_MET;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** @return the summary as Markdown */
    public String markdown() {
        StringBuilder sb = new StringBuilder("| goal | polyloop | peer | polyloop median | peer median | verdict "
                + "| goal |\n| --- | --- | --- | ---: | ---: | --- | --- |\n");
        for (Entry e : entries) {
            sb.append("| ").append(e.goal()).append(" (").append(e.expect().text).append(") | ");
            if (e.verdict() == null) {
                sb.append("– | – | – | – | not measured: ").append(e.missing()).append(" | not measured |\n");
                continue;
            }
            Verdict v = e.verdict();
            Metric m = v.metric();
            sb.append(v.subject().subject()).append(" | ").append(v.peer().subject()).append(" | ")
                    .append(Table.format(v.subject().value(m), m.decimals())).append(' ').append(m.name())
                    .append(" | ").append(Table.format(v.peer().value(m), m.decimals())).append(' ').append(m.name())
                    .append(" | ").append(v.describe()).append(" | ")
                    .append(status(e.expect(), v).name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" |\n");
        }
        return sb.toString();
    }
}
