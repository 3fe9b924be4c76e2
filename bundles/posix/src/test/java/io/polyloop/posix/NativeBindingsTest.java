package io.polyloop.posix;

import com.sun.jna.Library;
import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A class bound through JNA by a child class loader (as a bundle's is) lets that loader be collected once
 * {@link NativeBindings} unbinds it; a stop and start binds it again; a user holds the natives past the stop.
 */
class NativeBindingsTest {
    private static final String BOUND = "io.polyloop.posix.ChildBound";
    private static final String LIBRARY = "io.polyloop.posix.ChildLibrary";
    private static final long PID = ProcessHandle.current().pid();

    @Test
    @Timeout(60)
    void aDirectMappedClassUnboundLetsItsLoaderBeCollected() throws Exception {
        WeakReference<ClassLoader> loader = bindInChildAndUnbind(false);
        assertTrue(collected(loader), "the child class loader was not collected after unbind");
    }

    @Test
    @Timeout(60)
    void aLibraryInterfaceUnboundLetsItsLoaderBeCollected() throws Exception {
        WeakReference<ClassLoader> loader = bindInChildAndUnbind(true);
        assertTrue(collected(loader), "the child class loader was not collected after unbind");
    }

    @Test
    @Timeout(30)
    void stopAndStartBindAgainOnTheSameLoader() throws Exception {
        ChildFirstLoader child = new ChildFirstLoader(BOUND, LIBRARY);
        Method getpid = child.loadClass(BOUND).getDeclaredMethod("getpid");
        getpid.setAccessible(true);
        NativeBindings bindings = NativeBindings.of("test");
        bindings.bind(getpid.getDeclaringClass(), Platform.C_LIBRARY_NAME);
        assertEquals(PID, (int) getpid.invoke(null));

        bindings.unbindWhenIdle();
        assertFalse(bindings.isBound());
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> getpid.invoke(null));
        assertInstanceOf(UnsatisfiedLinkError.class, e.getCause());

        bindings.ensureBound();
        assertTrue(bindings.isBound());
        assertEquals(PID, (int) getpid.invoke(null));
        bindings.bind(getpid.getDeclaringClass(), Platform.C_LIBRARY_NAME); // idempotent
        assertEquals(PID, (int) getpid.invoke(null));
        bindings.unbindWhenIdle();
    }

    @Test
    @Timeout(30)
    void aUserHoldsTheNativesPastTheStopAndTheLastReleaseUnbinds() throws Exception {
        ChildFirstLoader child = new ChildFirstLoader(BOUND, LIBRARY);
        Method getpid = child.loadClass(BOUND).getDeclaredMethod("getpid");
        getpid.setAccessible(true);
        NativeBindings bindings = NativeBindings.of("test");
        bindings.bind(getpid.getDeclaringClass(), Platform.C_LIBRARY_NAME);
        bindings.acquire();
        bindings.acquire();

        bindings.unbindWhenIdle();
        bindings.release();
        assertTrue(bindings.isBound(), "one user left");
        assertEquals(PID, (int) getpid.invoke(null));
        bindings.release();
        assertFalse(bindings.isBound());
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> getpid.invoke(null));
        assertInstanceOf(UnsatisfiedLinkError.class, e.getCause());

        bindings.acquire(); // a user of a stopped bundle binds again, and unbinds on its way out
        assertEquals(PID, (int) getpid.invoke(null));
        bindings.release();
        assertFalse(bindings.isBound());
        assertThrows(IllegalStateException.class, bindings::release);
    }

    /** Kept apart so that nothing of the child stays on this frame's stack. */
    private static WeakReference<ClassLoader> bindInChildAndUnbind(boolean asLibrary) throws Exception {
        ChildFirstLoader child = new ChildFirstLoader(BOUND, LIBRARY);
        NativeBindings bindings = NativeBindings.of("test");
        if (asLibrary) {
            @SuppressWarnings("unchecked")
            Class<? extends Library> iface = (Class<? extends Library>) child.loadClass(LIBRARY);
            Library proxy = bindings.load(Platform.C_LIBRARY_NAME, iface);
            assertEquals(PID, (int) iface.getMethod("getpid").invoke(proxy));
        } else {
            Class<?> bound = child.loadClass(BOUND);
            assertEquals(child, bound.getClassLoader());
            bindings.bind(bound, Platform.C_LIBRARY_NAME);
            Method getpid = bound.getDeclaredMethod("getpid");
            getpid.setAccessible(true);
            assertEquals(PID, (int) getpid.invoke(null));
        }
        bindings.unbindWhenIdle();
        return new WeakReference<>(child);
    }

    private static boolean collected(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 100 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ref.get() == null;
    }
}
