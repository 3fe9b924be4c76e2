package io.polyloop.posix;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * Loads native libraries for {@link NativeBindings}, starting JNA the first time on a thread that carries no class of
 * ours. Thread safe.
 *
 * <p>Why: the first JNA object that needs cleaning (a {@link NativeLibrary}) starts JNA's "JNA Cleaner" thread, which
 * lives while any such object does. Like any new thread it keeps the creator's inherited access control context,
 * i.e. the protection domain, hence the class loader, of every class on the creating stack: a bundle that happened
 * to start JNA stayed pinned for the life of the JVM (measured: a child URLClassLoader is collected only if JNA was
 * started elsewhere). Here the first library is loaded by a common-pool worker (created by the JDK with an empty
 * context) running a method-handle proxy (JDK and JNA frames only). If that does not finish within a few seconds
 * the library is loaded here, as before. libc stays referenced while this class is loaded, so the cleaner thread
 * does not stop and restart later from some other stack.
 */
final class JnaStart {
    private static final System.Logger LOG = System.getLogger(JnaStart.class.getName());
    private static final long START_BOUND_MS = 5_000;

    private static volatile NativeLibrary libc; // keeps JNA's cleaner thread running, see above

    private JnaStart() {
    }

    /** @return JNA's (cached) instance of {@code name}, JNA started cleanly first */
    static NativeLibrary library(String name) {
        if (libc == null) {
            start();
        }
        return NativeLibrary.getInstance(name);
    }

    private static synchronized void start() {
        if (libc != null) {
            return;
        }
        try {
            startOnCleanThread(Platform.C_LIBRARY_NAME);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "JNA started on the caller's thread: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
    }

    private static void startOnCleanThread(String library) throws ReflectiveOperationException, InterruptedException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle load = MethodHandles.insertArguments(lookup.findStatic(NativeLibrary.class, "getInstance",
                MethodType.methodType(NativeLibrary.class, String.class)), 0, library)
                .asType(MethodType.methodType(void.class));
        // a failure is swallowed there (the caller loads the library again and sees it); the latch opens either way
        load = MethodHandles.catchException(load, Throwable.class,
                MethodHandles.empty(MethodType.methodType(void.class, Throwable.class)));
        CountDownLatch done = new CountDownLatch(1);
        MethodHandle countDown = lookup.findVirtual(CountDownLatch.class, "countDown",
                MethodType.methodType(void.class)).bindTo(done);
        MethodHandle task = MethodHandles.foldArguments(countDown, load);
        Thread me = Thread.currentThread();
        ClassLoader tccl = me.getContextClassLoader();
        Runnable proxy;
        me.setContextClassLoader(null); // the proxy class goes to the system loader, not to a bundle's
        try {
            proxy = MethodHandleProxies.asInterfaceInstance(Runnable.class, task);
        } finally {
            me.setContextClassLoader(tccl);
        }
        ForkJoinPool.commonPool().execute(proxy);
        if (!done.await(START_BOUND_MS, TimeUnit.MILLISECONDS)) {
            LOG.log(System.Logger.Level.DEBUG, "JNA did not start on a common-pool thread within {0} ms",
                    START_BOUND_MS);
        }
    }
}
