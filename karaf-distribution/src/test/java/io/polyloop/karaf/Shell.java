package io.polyloop.karaf;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs Karaf shell commands as an operator would type them, through the container's {@link SessionFactory}. */
final class Shell {
    private final SessionFactory sessions;

    Shell(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** @return what the command printed (stdout and stderr); a command that throws fails with its output */
    String run(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session s = sessions.create(new ByteArrayInputStream(new byte[0]), ps, ps);
        try {
            Object result = s.execute(command);
            if (result != null) {
                ps.println(result);
            }
        } catch (Exception e) {
            throw new AssertionError("'" + command + "' failed: " + e + "\n" + out.toString(StandardCharsets.UTF_8), e);
        } finally {
            ps.flush();
            s.close();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
