package io.polyloop.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A results table: rows of subjects, a column per metric and beside it the ratio to the best peer of the same table
 * in the same run ("×best peer": 1.00 is level; above 1 is more, whichever way is better). A row measured over
 * several rounds shows the median; the metrics named by {@link #showSpread} also get a "min–max" column of the
 * rounds. Not thread safe.
 */
public final class Table {
    private final String title;
    private String method;
    private final List<Metric> metrics;
    private final List<Row> rows = new ArrayList<>();
    private final java.util.Set<Metric> spreadShown = new java.util.HashSet<>();

    /**
     * @param title   heading of the table
     * @param method  how it was measured, one paragraph
     * @param metrics the columns, in order
     */
    public Table(String title, String method, List<Metric> metrics) {
        this.title = title;
        this.method = method;
        this.metrics = List.copyOf(metrics);
    }

    public Table add(Row row) {
        rows.add(row);
        return this;
    }

    /** Shows the range (min–max over the rounds) of {@code shown} beside their median. */
    public Table showSpread(Metric... shown) {
        for (Metric m : shown) {
            if (!metrics.contains(m)) {
                throw new IllegalArgumentException("metric " + m.name() + " is not a column of " + title);
            }
            spreadShown.add(m);
        }
        return this;
    }

    /** Adds {@code text} to the method paragraph (a figure known only after the rows were measured). */
    public Table appendMethod(String text) {
        method = method + text;
        return this;
    }

    /** @return the row of {@code subject}, or null */
    public Row row(String subject) {
        for (Row r : rows) {
            if (r.subject().equals(subject)) {
                return r;
            }
        }
        return null;
    }

    /** @return the row that ran with the best value of {@code metric} among those {@code which} accepts, or null */
    public Row best(Metric metric, java.util.function.Predicate<Row> which) {
        Row best = null;
        for (Row r : rows) {
            double v = r.value(metric);
            if (r.unavailable() == null && !Double.isNaN(v) && which.test(r)
                    && (best == null || metric.better(v, best.value(metric)))) {
                best = r;
            }
        }
        return best;
    }

    public String title() {
        return title;
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    /** @return the best value of {@code metric} among the peers that ran, or NaN if none did */
    public double bestPeer(Metric metric) {
        Row best = best(metric, r -> !r.polyloop());
        return best == null ? Double.NaN : best.value(metric);
    }

    /** @return the table as Markdown */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(title).append("\n\n").append(method).append("\n\n| subject |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (Metric m : metrics) {
            sb.append(' ').append(m.name()).append(m.higherIsBetter() ? " ↑" : " ↓").append(" |");
            rule.append(" ---: |");
            if (spreadShown.contains(m)) {
                sb.append(" min–max |");
                rule.append(" ---: |");
            }
            sb.append(" ×best peer |");
            rule.append(" ---: |");
        }
        sb.append(" note |\n").append(rule).append(" --- |\n");
        for (Row r : rows) {
            sb.append("| ").append(r.polyloop() ? "**" + r.subject() + "**" : r.subject()).append(" |");
            if (r.unavailable() != null) {
                sb.append(" not available: ").append(r.unavailable().replace("|", "/")).append(" |");
                sb.append(" |".repeat(metrics.size() * 2 + spreadShown.size())).append('\n');
                continue;
            }
            for (Metric m : metrics) {
                double v = r.value(m);
                double best = bestPeer(m);
                sb.append(' ').append(format(v, m.decimals())).append(" | ");
                if (spreadShown.contains(m)) {
                    Spread sp = r.spread(m);
                    sb.append(sp.count() < 2 ? "–" : range(sp.min(), sp.max(), m.decimals())).append(" | ");
                }
                sb.append(Double.isNaN(v) || Double.isNaN(best) || best == 0 ? "–"
                                : String.format(Locale.ROOT, "%.2f", v / best)).append(" |");
            }
            sb.append(' ').append(r.note().replace("|", "/")).append(" |\n");
        }
        return sb.append('\n').toString();
    }

    /** A compact range: "2.27–2.86 M", "344–834 k", "1,058–1,430". */
    static String range(double min, double max, int decimals) {
        if (max >= 1e6) {
            return String.format(Locale.ROOT, "%.2f–%.2f M", min / 1e6, max / 1e6);
        }
        if (max >= 1e5) {
            return String.format(Locale.ROOT, "%.0f–%.0f k", min / 1e3, max / 1e3);
        }
        return format(min, decimals) + "–" + format(max, decimals);
    }

    static String format(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (decimals == 0) {
            return String.format(Locale.ROOT, "%,d", Math.round(v));
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}
