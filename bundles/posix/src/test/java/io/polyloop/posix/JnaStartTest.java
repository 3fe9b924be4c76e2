package io.polyloop.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class that makes JNA start (its first library load) is not pinned by JNA's cleaner thread: in a fresh JVM (JNA
 * not started yet), a child loader's class binds itself, unbinds, and its loader is collected. Without
 * {@link JnaStart}'s start on a clean thread the cleaner thread keeps the child loader (measured).
 */
class JnaStartTest {
    @Test
    @Timeout(60)
    void theClassThatStartsJnaIsNotPinnedByItsCleanerThread() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                JnaStartTest.class.getName())).redirectErrorStream(true).start();
        assertTrue(p.waitFor(50, TimeUnit.SECONDS), "the child JVM did not end within 50 s");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("collected"), out);
    }

    /** The child JVM: exit 0 if the loader is collected, 1 if not. */
    public static void main(String[] args) throws Exception {
        WeakReference<ClassLoader> loader = startJnaFromChild();
        for (int i = 0; i < 100 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        System.out.println(loader.get() == null ? "collected" : "the child loader that started JNA is still alive");
        System.exit(loader.get() == null ? 0 : 1);
    }

    private static WeakReference<ClassLoader> startJnaFromChild() throws Exception {
        ChildFirstLoader child = new ChildFirstLoader(ChildStartsJna.class.getName());
        NativeBindings b = (NativeBindings) child.loadClass(ChildStartsJna.class.getName()).getMethod("bind")
                .invoke(null);
        b.unbindWhenIdle();
        return new WeakReference<>(child);
    }
}
