package io.polyloop.scheduler.runtime;

/** Who may close a runtime. */
public enum Ownership {
    /** Built by a user with the builder: the user closes it. */
    CALLER,
    /** Published as the shared OSGi service: consumers must not close it; the scheduler bundle does. */
    SERVICE
}
