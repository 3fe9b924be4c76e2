package io.polyloop.posix;

import com.sun.jna.Library;

/** Loaded by {@link NativeBindingsTest}'s child class loader and loaded by JNA as a library interface there. */
public interface ChildLibrary extends Library {
    int getpid();
}
