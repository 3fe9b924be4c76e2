package io.polyloop.example.redis.server;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;

import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/** Continues a chain of I/O steps without growing the stack. */
final class Steps {
    private Steps() {
    }

    /**
     * Runs {@code next} when {@code task} completes: on the completing thread if it completes later, posted to the
     * runtime if it is complete already (a chain of immediate completions would otherwise nest on one stack).
     */
    static <T> void after(IoRuntime runtime, Task<T> task, BiConsumer<T, Throwable> next) {
        if (!task.isDone()) {
            task.whenComplete(next);
            return;
        }
        try {
            runtime.post(() -> task.whenComplete(next));
        } catch (RejectedExecutionException e) {
            next.accept(null, e); // the runtime is closing: end the chain here
        }
    }
}
