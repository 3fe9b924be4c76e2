package io.polyloop.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Folds the rows one subject gave in each round of a run into one row of per-round figures. */
public final class Rounds {
    private Rounds() {
    }

    /**
     * @param perRound the subject's row of each round, in round order (a round that did not run it: a
     *                 {@link Row#notAvailable} row)
     * @return a row whose every figure has one value per round (NaN for a round that gave none), the distinct notes
     *         of the rounds, and a note naming the rounds that failed; not available if no round ran
     */
    public static Row merge(String subject, boolean polyloop, List<Row> perRound) {
        if (perRound.isEmpty()) {
            throw new IllegalArgumentException("no rounds for " + subject);
        }
        List<String> failed = new ArrayList<>();
        Set<Metric> metrics = new LinkedHashSet<>();
        Set<String> notes = new LinkedHashSet<>();
        for (int i = 0; i < perRound.size(); i++) {
            Row r = perRound.get(i);
            if (r.unavailable() != null) {
                failed.add("round " + (i + 1) + ": " + r.unavailable());
            } else {
                metrics.addAll(r.metrics());
                if (!r.note().isEmpty()) {
                    notes.add(r.note());
                }
            }
        }
        if (failed.size() == perRound.size()) {
            String first = perRound.get(0).unavailable();
            boolean same = perRound.stream().allMatch(r -> r.unavailable().equals(first));
            return Row.notAvailable(subject, polyloop, same ? first : String.join("; ", failed));
        }
        Row merged = Row.of(subject, polyloop);
        for (Metric m : metrics) {
            double[] v = new double[perRound.size()];
            for (int i = 0; i < v.length; i++) {
                Row r = perRound.get(i);
                v[i] = r.unavailable() != null ? Double.NaN : r.value(m);
            }
            merged.putRounds(m, Spread.of(v));
        }
        notes.forEach(merged::note);
        if (!failed.isEmpty()) {
            merged.note(failed.size() + " of " + perRound.size() + " rounds failed (" + String.join("; ", failed)
                    + ")");
        }
        return merged;
    }
}
