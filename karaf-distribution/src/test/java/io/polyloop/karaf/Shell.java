package io.polyloop.karaf;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

import javax.security.auth.Subject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;

/**
 * Runs Karaf shell commands as an operator would type them, through the container's {@link SessionFactory}, as a
 * user with given roles (a JAAS Subject, as the console's login makes one): Karaf's command ACLs
 * (etc/org.apache.karaf.command.acl.*.cfg) decide by those roles.
 */
final class Shell {
    private final SessionFactory sessions;
    private final Subject user;

    /** @param user who runs the commands, e.g. {@link #user}; null: nobody (no roles at all) */
    Shell(SessionFactory sessions, Subject user) {
        this.sessions = sessions;
        this.user = user;
    }

    /** @return a logged-in user {@code name} with {@code roles}, as Karaf's JAAS realm makes it */
    static Subject user(String name, String... roles) {
        Subject s = new Subject();
        s.getPrincipals().add(new UserPrincipal(name));
        for (String r : roles) {
            s.getPrincipals().add(new RolePrincipal(r));
        }
        s.setReadOnly();
        return s;
    }

    /** @return what the command printed (stdout and stderr); a command that throws fails with its output */
    String run(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session s = sessions.create(new ByteArrayInputStream(new byte[0]), ps, ps);
        try {
            Object result = as(() -> s.execute(command));
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

    /** @return the failure of {@code command}, which must fail (an ACL refusal: "Command not found") */
    Exception refused(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session s = sessions.create(new ByteArrayInputStream(new byte[0]), ps, ps);
        try {
            as(() -> s.execute(command));
        } catch (Exception e) {
            return e;
        } finally {
            s.close();
        }
        throw new AssertionError("'" + command + "' ran, but should have been refused: "
                + out.toString(StandardCharsets.UTF_8));
    }

    private Object as(PrivilegedExceptionAction<Object> action) throws Exception {
        if (user == null) {
            return action.run();
        }
        try {
            return Subject.doAs(user, action);
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
    }
}
