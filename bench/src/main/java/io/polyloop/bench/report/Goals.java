package io.polyloop.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The goals summary at the top of a results file: each goal, the two rows it compares, the verdict that decides it
 * ({@link PairedVerdict} over paired rounds for a goal added with {@link #addPaired}, the ranges' {@link Verdict} for
 * one added with {@link #add}), the ranges' verdict beside it, and whether the goal is met, all computed from the
 * tables of the run. Not thread safe.
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
    static final double LEVEL = PairedVerdict.LEVEL;
    static final double REACH = 0.8;

    /**
     * @param paired the deciding verdict of a paired goal, null for a goal decided by the ranges
     * @param caveat what limits what the figures can show (e.g. a load generator at its cap), or null
     */
    private record Entry(String goal, Expect expect, Verdict verdict, PairedVerdict paired, String missing,
                         String caveat) {
        Entry withCaveat(String text) {
            return new Entry(goal, expect, verdict, paired, missing, text);
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * Adds a goal comparing {@code subject} with {@code peer} on {@code metric}. A null row (the subject or peer did
     * not run in this run) makes it "not measured".
     */
    public Goals add(String goal, Expect expect, Row subject, Row peer, Metric metric) {
        return add(goal, expect, subject, peer, metric, false);
    }

    /**
     * Adds a goal decided by the pre-registered paired-rounds rule ({@link PairedVerdict}, {@link #status(Expect,
     * PairedVerdict)}); the ranges' verdict is shown beside it. Only {@link Expect#AHEAD} and
     * {@link Expect#AT_LEAST_LEVEL} have a paired rule.
     */
    public Goals addPaired(String goal, Expect expect, Row subject, Row peer, Metric metric) {
        if (expect != Expect.AHEAD && expect != Expect.AT_LEAST_LEVEL) {
            throw new IllegalArgumentException("expectation " + expect + " has no paired rule; accepted: AHEAD, "
                    + "AT_LEAST_LEVEL");
        }
        return add(goal, expect, subject, peer, metric, true);
    }

    private Goals add(String goal, Expect expect, Row subject, Row peer, Metric metric, boolean paired) {
        if (subject == null || peer == null || subject.unavailable() != null || peer.unavailable() != null
                || Double.isNaN(subject.value(metric)) || Double.isNaN(peer.value(metric))) {
            entries.add(new Entry(goal, expect, null, null, (subject == null || subject.unavailable() != null ? "polyloop's"
                    : "the peer's") + " row did not run in this run", null));
        } else {
            entries.add(new Entry(goal, expect, Verdict.of(subject, peer, metric),
                    paired ? PairedVerdict.of(subject, peer, metric) : null, null, null));
        }
        return this;
    }

    /** Adds {@code text} to the last goal added, as what limits what its figures can show; null adds nothing. */
    public Goals caveat(String text) {
        if (text != null && !entries.isEmpty()) {
            int last = entries.size() - 1;
            entries.set(last, entries.get(last).withCaveat(text));
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

    /**
     * @return whether the paired verdict meets what the goal expects: ahead needs {@link PairedVerdict.Outcome#AHEAD};
     *         at least level needs {@link PairedVerdict#level()} (no more than 5 % behind, shown by the sign test)
     */
    public static Status status(Expect expect, PairedVerdict v) {
        if (v.outcome() == PairedVerdict.Outcome.UNDECIDED) {
            return Status.UNDECIDED;
        }
        boolean met;
        switch (expect) {
            case AHEAD: met = v.outcome() == PairedVerdict.Outcome.AHEAD; break;
            case AT_LEAST_LEVEL: met = v.level(); break;
            default: throw new IllegalArgumentException("expectation " + expect + " has no paired rule");
        }
        return met ? Status.MET : Status.NOT_MET;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** @return the summary as Markdown */
    public String markdown() {
        StringBuilder sb = new StringBuilder("| goal | polyloop | peer | polyloop median | peer median | paired rounds "
                + "| ranges (min–max) | goal |\n"
                + "| --- | --- | --- | ---: | ---: | --- | --- | --- |\n");
        for (Entry e : entries) {
            String expectText = e.paired() != null && e.expect() == Expect.AT_LEAST_LEVEL
                    ? "at least level: no more than 5 % behind, by the sign test" : e.expect().text;
            sb.append("| ").append(e.goal()).append(" (").append(expectText).append(") | ");
            if (e.verdict() == null) {
                sb.append("– | – | – | – | not measured: ").append(e.missing()).append(" | – | not measured |\n");
                continue;
            }
            Verdict v = e.verdict();
            Metric m = v.metric();
            sb.append(v.subject().subject()).append(" | ").append(v.peer().subject()).append(" | ")
                    .append(Table.format(v.subject().value(m), m.decimals())).append(' ').append(m.name())
                    .append(" | ").append(Table.format(v.peer().value(m), m.decimals())).append(' ').append(m.name())
                    .append(" | ").append(e.paired() == null ? "– (decided by the ranges)" : e.paired().describe());
            if (e.paired() != null && e.expect() == Expect.AT_LEAST_LEVEL) {
                sb.append("; ").append(e.paired().describeLevel());
            }
            if (e.caveat() != null) {
                sb.append(". ").append(e.caveat());
            }
            sb.append(" | ").append(v.describe()).append(" | ");
            Status st = e.paired() == null ? status(e.expect(), v) : status(e.expect(), e.paired());
            sb.append(st.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" |\n");
        }
        return sb.toString();
    }
}
