package io.polyloop.spi;

import java.util.Objects;

/**
 * The answer of {@link IoBackendProvider#probe()}: the backend can run here, or it cannot and the cause says why in
 * words an operator can act on ("requires Linux, this is Mac OS X", "disabled by -Dio.polyloop.epoll.disabled=true").
 * Immutable.
 */
public final class Availability {
    private static final Availability AVAILABLE = new Availability(null);

    private final String cause;

    private Availability(String cause) {
        this.cause = cause;
    }

    public static Availability available() {
        return AVAILABLE;
    }

    public static Availability unavailable(String cause) {
        Objects.requireNonNull(cause, "cause");
        if (cause.isBlank()) {
            throw new IllegalArgumentException("an unavailable backend must say why");
        }
        return new Availability(cause);
    }

    public boolean isAvailable() {
        return cause == null;
    }

    /** @return why the backend cannot run here, or {@code null} when it can */
    public String unavailabilityCause() {
        return cause;
    }

    @Override
    public String toString() {
        return cause == null ? "available" : "unavailable: " + cause;
    }
}
