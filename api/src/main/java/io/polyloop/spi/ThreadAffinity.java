package io.polyloop.spi;

/**
 * Optional capability of an {@link IoBackendProvider}: pinning the calling thread to one CPU, where the OS allows
 * it. The runtime asks the provider of its backend when {@code affinity=sequential}; a provider without this
 * capability, or a refusal, is reported and the loops run unpinned.
 */
public interface ThreadAffinity {

    /**
     * Pins the calling thread to {@code cpu}.
     *
     * @return null if pinned, else why not (for example "sched_setaffinity: EINVAL (cpu 7 is not online)")
     */
    String pinCurrentThread(int cpu);
}
