package io.polyloop.posix;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** Defines the named classes itself (as a bundle's loader does) from the test's class files, delegates the rest. */
final class ChildFirstLoader extends ClassLoader {
    private final Set<String> own;

    ChildFirstLoader(String... own) {
        super(ChildFirstLoader.class.getClassLoader());
        this.own = Set.of(own);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!own.contains(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (in == null) {
                        throw new ClassNotFoundException(name);
                    }
                    byte[] bytes = in.readAllBytes();
                    c = defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
            return c;
        }
    }
}
