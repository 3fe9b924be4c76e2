package io.polyloop.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A results table: rows of subjects, a column per metric and beside it the ratio to the best peer of the same table
 * in the same run ("×best peer": 1.00 is level; above 1 is more, whichever way is better). Not thread safe.
 */
public final class Table {
    private final String title;
    private final String method;
    private final List<Metric> metrics;
    private final List<Row> rows = new ArrayList<>();

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
        double best = Double.NaN;
        for (Row r : rows) {
            double v = r.value(metric);
            if (!r.polyloop() && r.unavailable() == null && !Double.isNaN(v) && (Double.isNaN(best)
                    || metric.better(v, best))) {
                best = v;
            }
        }
        return best;
    }

    /** @return the table as Markdown */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(title).append("\n\n").append(method).append("\n\n| subject |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (Metric m : metrics) {
            sb.append(' ').append(m.name()).append(m.higherIsBetter() ? " ↑" : " ↓").append(" | ×best peer |");
            rule.append(" ---: | ---: |");
        }
        sb.append(" note |\n").append(rule).append(" --- |\n");
        for (Row r : rows) {
            sb.append("| ").append(r.polyloop() ? "**" + r.subject() + "**" : r.subject()).append(" |");
            if (r.unavailable() != null) {
                sb.append(" not available: ").append(r.unavailable().replace("|", "/")).append(" |");
                sb.append(" |".repeat(metrics.size() * 2)).append('\n');
                continue;
            }
            for (Metric m : metrics) {
                double v = r.value(m);
                double best = bestPeer(m);
                sb.append(' ').append(format(v, m.decimals())).append(" | ")
                        .append(Double.isNaN(v) || Double.isNaN(best) || best == 0 ? "–"
                                : String.format(Locale.ROOT, "%.2f", v / best)).append(" |");
            }
            sb.append(' ').append(r.note().replace("|", "/")).append(" |\n");
        }
        return sb.append('\n').toString();
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
