package io.polyloop.spi;

/** What a native descriptor behind an {@link IoHandle} is. */
public enum HandleKind {
    TCP_LISTENER,
    TCP_STREAM,
    UDP,
    FILE
}
