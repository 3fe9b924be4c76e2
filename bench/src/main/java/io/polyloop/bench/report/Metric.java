package io.polyloop.bench.report;

/**
 * One measured quantity of a table: a column and, beside it, its ratio to the best peer.
 *
 * @param name           column header ("msgs/s")
 * @param higherIsBetter which way is better; says how the best peer is chosen
 * @param decimals       digits after the point in the table
 */
public record Metric(String name, boolean higherIsBetter, int decimals) {
    public static Metric higher(String name, int decimals) {
        return new Metric(name, true, decimals);
    }

    public static Metric lower(String name, int decimals) {
        return new Metric(name, false, decimals);
    }

    /** @return whether {@code a} is better than {@code b} */
    public boolean better(double a, double b) {
        return higherIsBetter ? a > b : a < b;
    }
}
