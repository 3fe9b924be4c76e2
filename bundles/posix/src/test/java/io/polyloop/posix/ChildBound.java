package io.polyloop.posix;

/** Loaded by {@link NativeBindingsTest}'s child class loader and bound there: a class of a bundle. */
final class ChildBound {
    private ChildBound() {
    }

    static native int getpid();
}
