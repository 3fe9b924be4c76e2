package io.polyloop.posix;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JNA bindings of one bundle (direct-mapped classes and {@link Library} interfaces), bound so that the bundle's
 * class loader can be collected once the bundle is uninstalled and refreshed.
 *
 * <p>Why: JNA 5.19 keeps a JNI global reference to every method given to {@link Native#register(Class,
 * NativeLibrary)} until {@link Native#unregister(Class)}, and its private {@code Native.typeOptions} cache (a
 * WeakHashMap) maps each bound class or interface to options that name the class itself, so the entry is never
 * cleared and unregister leaves it. Either pins the class, hence its loader, for the life of the JVM. {@link
 * #unbindWhenIdle} undoes both; JNA itself is started by {@link JnaStart} so that its cleaner thread pins no loader.
 *
 * <p>Use: {@link #bind} in the bound class's static initialiser (plain Java, tests) and {@link #ensureBound} where the
 * bundle starts (a DS activate: a stopped and started bundle keeps its loader, so static initialisers do not run
 * again); {@link #acquire}/{@link #release} around each native resource that outlives a call (an epoll instance, a
 * ring mapping), so that a driver a stopped bundle's loop still runs keeps its natives; {@link #unbindWhenIdle} where
 * the bundle stops. Not for hot paths (one monitor per call). Thread safe.
 */
public final class NativeBindings {
    private static final System.Logger LOG = System.getLogger(NativeBindings.class.getName());

    /**
     * The posix bundle's own ({@link LibC}, {@link Affinity}, {@link Variadic}). Backends {@link #acquire} them while
     * they run (from activate to deactivate, and per open driver). Here rather than in {@link LibC} so that holding
     * them never binds libc (where libc cannot be bound, on Windows, a backend's activate still succeeds).
     */
    public static final NativeBindings POSIX = new NativeBindings("io.polyloop.posix");

    private final String owner;
    /** Every direct-mapped class bound once, with its library: what {@link #ensureBound} binds again. */
    private final Map<Class<?>, String> classes = new LinkedHashMap<>(); // guarded by this
    private final List<Class<?>> interfaces = new ArrayList<>(); // guarded by this
    private int users; // guarded by this
    private boolean stopping; // guarded by this
    private boolean bound = true; // guarded by this

    private NativeBindings(String owner) {
        this.owner = owner;
    }

    /** @param owner for the log: the bundle or backend whose bindings these are */
    public static NativeBindings of(String owner) {
        return new NativeBindings(owner);
    }

    /**
     * Registers {@code cls}'s native methods with {@code library} unless they are registered, and remembers it.
     *
     * @throws UnsatisfiedLinkError where the library or one of the functions is missing (nothing is remembered then)
     */
    public synchronized void bind(Class<?> cls, String library) {
        if (!Native.registered(cls)) {
            Native.register(cls, JnaStart.library(library));
        }
        classes.put(cls, library);
        bound = true;
    }

    /** {@link Native#load(String, Class, Map)} of {@code iface}, remembered so that its cache entries are dropped too. */
    public synchronized <T extends Library> T load(String library, Class<T> iface) {
        JnaStart.library(library);
        T proxy = Native.load(library, iface, Map.of());
        if (!interfaces.contains(iface)) {
            interfaces.add(iface);
        }
        bound = true;
        return proxy;
    }

    /** The bundle starts: binds again what {@link #unbindWhenIdle} unbound and cancels an unbind still pending. */
    public synchronized void ensureBound() {
        stopping = false;
        rebind();
    }

    /** One more user of the natives (binds again if they were unbound); pair it with {@link #release}. */
    public synchronized void acquire() {
        rebind();
        users++;
    }

    /** One user less; the last one out of a stopped bundle unbinds. */
    public synchronized void release() {
        if (users == 0) {
            throw new IllegalStateException(owner + ": release without acquire");
        }
        users--;
        if (stopping && users == 0) {
            unbindAll();
        }
    }

    /** The bundle stops: unbinds now if no user holds the natives, else when the last one releases them. */
    public synchronized void unbindWhenIdle() {
        stopping = true;
        if (users == 0) {
            unbindAll();
        } else {
            LOG.log(System.Logger.Level.DEBUG, "{0}: JNA bindings stay until {1} user(s) release them", owner, users);
        }
    }

    /** @return true unless unbound (and not bound again since) */
    public synchronized boolean isBound() {
        return bound;
    }

    /** @return the users that hold the natives now */
    public synchronized int users() {
        return users;
    }

    private void rebind() {
        if (!bound) {
            for (Map.Entry<Class<?>, String> e : classes.entrySet()) {
                if (!Native.registered(e.getKey())) {
                    Native.register(e.getKey(), JnaStart.library(e.getValue()));
                }
            }
            bound = true;
        }
    }

    private void unbindAll() {
        if (!bound) {
            return;
        }
        for (Class<?> cls : classes.keySet()) {
            Native.unregister(cls);
            JnaCaches.forget(cls);
        }
        for (Class<?> iface : interfaces) {
            JnaCaches.forget(iface);
        }
        bound = false;
        LOG.log(System.Logger.Level.DEBUG, "{0}: JNA bindings released ({1} class(es), {2} interface(s))", owner,
                classes.size(), interfaces.size());
    }
}
