package io.polyloop.scheduler.sync;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The Lincheck budget shared by the sync tests: two threads of three operations (plus one before and one after), so
 * that cancellations, hand-overs and closes interleave, kept to a few seconds per test on two cores.
 */
final class LincheckRuns {
    /** Completions run inline, on the serving thread, after the primitive's lock is released. */
    static final Supplier<Executor> INLINE = new Supplier<>() {
        private final Executor inline = Runnable::run;

        @Override
        public Executor get() {
            return inline;
        }
    };

    private LincheckRuns() {
    }

    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions()
                .iterations(Integer.getInteger("lincheck.iterations", 10))
                .invocationsPerIteration(Integer.getInteger("lincheck.invocations", 200))
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                // a failure is reported as found: shrinking it re-explores every smaller scenario (minutes)
                .minimizeFailedScenario(Boolean.getBoolean("lincheck.minimize"));
    }

    /**
     * {@link #modelChecking()} with half the iterations (-Dlincheck.lightIterations): for checking a primitive's
     * operations against itself run sequentially, where the cancellation scenarios carry the weight.
     */
    static ModelCheckingOptions lightModelChecking() {
        return modelChecking().iterations(Integer.getInteger("lincheck.lightIterations", 5));
    }

    /**
     * Only the given scenario, explored further than a random one: the interleaving that matters (served, then
     * cancelled before the completion lands) is a few switches deep.
     */
    static ModelCheckingOptions race(ExecutionScenario scenario) {
        return new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(Integer.getInteger("lincheck.raceInvocations", 5_000))
                .minimizeFailedScenario(false)
                .addCustomScenario(scenario);
    }

    /**
     * {@link #race} with a smaller default budget (-Dlincheck.quickRaceInvocations), for the primitives whose race
     * scenarios are one or two operations per thread: checked by mutation (a cancel that ignores "already served")
     * to fail within it.
     */
    static ModelCheckingOptions quickRace(ExecutionScenario first, ExecutionScenario... more) {
        ModelCheckingOptions o = race(first)
                .invocationsPerIteration(Integer.getInteger("lincheck.quickRaceInvocations", 1_000));
        for (ExecutionScenario s : more) {
            o.addCustomScenario(s);
        }
        return o;
    }

    /**
     * A scenario written out, for a race random generation rarely builds: {@code init} runs first, then each row of
     * {@code parallel} (one operation each) on its own thread, then the test's {@link Validate} method. An operation is
     * {@code {"name", args...}}.
     */
    static ExecutionScenario scenario(Class<?> test, Object[][] init, Object[]... parallel) {
        List<List<Actor>> threads = new ArrayList<>();
        for (Object[] row : parallel) {
            threads.add(actors(test, new Object[][] {row}));
        }
        Actor validation = null;
        for (Method m : test.getMethods()) {
            if (m.isAnnotationPresent(Validate.class)) {
                validation = new Actor(m, List.of());
            }
        }
        return new ExecutionScenario(actors(test, init), threads, List.of(), validation);
    }

    private static List<Actor> actors(Class<?> test, Object[][] ops) {
        List<Actor> actors = new ArrayList<>();
        for (Object[] op : ops) {
            Method method = Arrays.stream(test.getMethods()).filter(m -> m.getName().equals(op[0])).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no operation " + op[0] + " in " + test));
            actors.add(new Actor(method, Arrays.asList(op).subList(1, op.length)));
        }
        return actors;
    }
}
