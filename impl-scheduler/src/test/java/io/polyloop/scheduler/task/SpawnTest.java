package io.polyloop.scheduler.task;

import io.polyloop.api.CallerDrivenRuntime;
import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.epoll.EpollBackendProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Spawn}'s three roles: queued body, continuation of the body's stage, cancel hook reaching that stage. */
@Timeout(30)
class SpawnTest {

    private static CallerDrivenRuntime runtime() {
        return IoRuntime.builder().provider(new EpollBackendProvider()).backend("epoll").buildCallerDriven();
    }

    @Test
    void cancellingAWaitingSpawnCancelsTheStageItWaitsOn() {
        try (CallerDrivenRuntime local = runtime()) {
            IoRuntime rt = local.runtime();
            CompletableFuture<Integer> stage = new CompletableFuture<>();
            Task<Integer> spawned = rt.spawn(() -> stage);
            local.blockOn(rt.submit(() -> 0)); // FIFO: the spawn has started and waits on the stage
            assertFalse(spawned.isDone());
            assertTrue(spawned.cancel());
            local.blockOn(rt.submit(() -> 0)); // the hook runs on the loop
            assertTrue(stage.isCancelled(), "the cancel reached the stage");
            assertEquals(Task.Status.CANCELLED, spawned.status());
        }
    }

    @Test
    void aSpawnCancelledWhileQueuedNeverRunsItsBody() {
        try (CallerDrivenRuntime local = runtime()) {
            IoRuntime rt = local.runtime();
            AtomicBoolean ran = new AtomicBoolean();
            Task<Integer> spawned = rt.spawn(() -> {
                ran.set(true);
                return CompletableFuture.completedFuture(1);
            });
            assertTrue(spawned.cancel());
            local.blockOn(rt.submit(() -> 0));
            assertFalse(ran.get());
        }
    }

    @Test
    void theStagesResultOrFailurePassesThrough() {
        try (CallerDrivenRuntime local = runtime()) {
            IoRuntime rt = local.runtime();
            CompletableFuture<Integer> later = new CompletableFuture<>();
            Task<Integer> value = rt.spawn(() -> later);
            local.blockOn(rt.submit(() -> 0));
            later.complete(7);
            assertEquals(7, local.blockOn(value));
            Task<Integer> failed = rt.spawn(() -> CompletableFuture.failedFuture(new IOException("boom")));
            CompletionException e = assertThrows(CompletionException.class, () -> local.blockOn(failed));
            assertInstanceOf(IOException.class, e.getCause());
            Task<Integer> done = rt.spawn(() -> CompletableFuture.completedFuture(8)); // completed: no continuation
            assertEquals(8, local.blockOn(done));
            Task<Integer> nullValue = rt.spawn(() -> CompletableFuture.completedFuture(null));
            assertEquals(null, local.blockOn(nullValue));
            CompletableFuture<Integer> cancelledStage = new CompletableFuture<>();
            cancelledStage.cancel(false);
            Task<Integer> cancelled = rt.spawn(() -> cancelledStage);
            Throwable fast = assertThrows(Throwable.class, () -> local.blockOn(cancelled));
            CompletableFuture<Integer> cancelledLater = new CompletableFuture<>(); // the continuation's path
            Task<Integer> slow = rt.spawn(() -> cancelledLater);
            local.blockOn(rt.submit(() -> 0));
            cancelledLater.cancel(false);
            Throwable slowly = assertThrows(Throwable.class, () -> local.blockOn(slow));
            assertEquals(slowly.getClass(), fast.getClass(), "a stage cancelled before or after: the same outcome");
            assertEquals(slow.status(), cancelled.status());
            Task<Integer> nullStage = rt.spawn(() -> null);
            CompletionException npe = assertThrows(CompletionException.class, () -> local.blockOn(nullStage));
            assertTrue(npe.getCause().getMessage().contains("returned null"), npe.getCause().toString());
        }
    }
}
