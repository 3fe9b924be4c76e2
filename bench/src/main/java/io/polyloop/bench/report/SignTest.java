package io.polyloop.bench.report;

/**
 * The one-sided sign test on paired rounds: under "no difference" each pair is as likely to favour either side, so the
 * count of pairs one side wins is Binomial(n, ½). Distribution-free: it uses only which side won each pair, not by how
 * much, so one wild round moves it by one pair at most. Stateless.
 */
public final class SignTest {
    /** The one-sided significance level the goals are judged at. */
    public static final double ALPHA = 0.05;

    private SignTest() {
    }

    /** @return P(X ≥ k) for X ~ Binomial(n, ½); 1 for k ≤ 0, 0 for k > n */
    public static double upperTail(int k, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n " + n + "; accepted: n >= 0");
        }
        if (k <= 0) {
            return 1;
        }
        double sum = 0;
        double c = 1; // C(n, i), built up from C(n, 0)
        for (int i = 0; i <= n; i++) {
            if (i >= k) {
                sum += c;
            }
            c = c * (n - i) / (i + 1);
        }
        return Math.scalb(sum, -n);
    }

    /**
     * @return the least k with P(X ≥ k | n, ½) ≤ {@code alpha}: how many of n pairs one side must win to be ahead;
     *         n + 1 when even n of n is not enough (n ≤ 4 at 0.05)
     */
    public static int needed(int n, double alpha) {
        for (int k = 0; k <= n; k++) {
            if (upperTail(k, n) <= alpha) {
                return k;
            }
        }
        return n + 1;
    }
}
