package io.polyloop.example.redis.client;

import io.polyloop.example.redis.resp.RespError;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One command on its way: its encoding, how its reply maps to the caller's type, and its deadline. Completed once
 * with the mapped reply or a failure, on the connection's lane.
 *
 * <p>It is also the {@link Function} that {@link RedisClient} composes onto an already completed task to give the
 * caller a {@link io.polyloop.api.Task}: one task object and one relay per call, no queued task. Thread safe (a
 * {@link CompletableFuture}).
 */
final class Request<T> extends CompletableFuture<T> implements Function<Object, CompletionStage<T>> {
    /** The command's name, for messages: a literal of {@link RedisClient} or the caller's first argument. */
    final String name;
    final byte[] command;
    private final Function<Object, T> map;
    /** {@link System#nanoTime()} past which the request fails, or {@link Long#MAX_VALUE}-like never (see below). */
    final long deadline;
    final boolean expires;

    Request(String name, byte[] command, Function<Object, T> map, long timeoutNanos) {
        this.name = name;
        this.command = command;
        this.map = map;
        this.expires = timeoutNanos > 0;
        this.deadline = expires ? System.nanoTime() + timeoutNanos : 0;
    }

    /** @return true if the deadline has passed at {@code now} */
    boolean expired(long now) {
        return expires && now - deadline >= 0;
    }

    /** Completes with the reply: an error reply fails, anything else is mapped (a mapping failure fails too). */
    void answer(Object reply) {
        if (isDone()) {
            return; // timed out meanwhile: the reply is dropped
        }
        if (reply instanceof RespError) {
            RespError error = (RespError) reply;
            completeExceptionally(new RedisErrorException(error.code(), error.message()));
            return;
        }
        T value;
        try {
            value = map.apply(reply);
        } catch (RuntimeException e) {
            completeExceptionally(e);
            return;
        }
        complete(value);
    }

    /** For {@code thenCompose}: the caller's task follows this request. */
    @Override
    public CompletionStage<T> apply(Object ignored) {
        return this;
    }
}
