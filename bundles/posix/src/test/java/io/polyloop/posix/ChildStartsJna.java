package io.polyloop.posix;

import com.sun.jna.Platform;

/** Loaded by a child loader; binds itself, so that it is on the stack when JNA starts (see {@link JnaStartTest}). */
public final class ChildStartsJna {
    private ChildStartsJna() {
    }

    public static NativeBindings bind() {
        NativeBindings b = NativeBindings.of("child");
        b.bind(ChildStartsJna.class, Platform.C_LIBRARY_NAME);
        if (getpid() != ProcessHandle.current().pid()) {
            throw new AssertionError("getpid() through the child's binding");
        }
        return b;
    }

    static native int getpid();
}
