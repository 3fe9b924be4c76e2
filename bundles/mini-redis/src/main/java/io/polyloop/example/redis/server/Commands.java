package io.polyloop.example.redis.server;

import io.polyloop.example.redis.resp.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Executes one command against the {@link Keyspace} and writes its reply, with Redis's reply types and error texts.
 * Besides the data commands, it answers what the real tools ask at start: {@code CONFIG GET} (redis-benchmark),
 * {@code COMMAND DOCS} (interactive redis-cli), {@code CLIENT SETNAME/SETINFO}, {@code INFO}, {@code SELECT 0}.
 * Stateless apart from the keyspace; thread safe.
 */
final class Commands {
    private static final byte[][] NO_ARGS = new byte[0][];
    private static final byte[] GET = {'G', 'E', 'T'};
    private static final byte[] SET = {'S', 'E', 'T'};

    private final Keyspace keys;

    Commands(Keyspace keys) {
        this.keys = keys;
    }

    /** @return false if the connection is to be closed once the reply is written (QUIT) */
    boolean execute(List<byte[]> command, RespWriter out) {
        // The two commands of nearly every request, without a String, an argument array or a lambda each.
        int size = command.size();
        if (size == 2 && is(command.get(0), GET)) {
            Keyspace.Entry e = keys.get(new Key(command.get(1)));
            out.bulk(e == null ? null : e.value());
            return true;
        }
        if (size == 3 && is(command.get(0), SET)) {
            try {
                keys.put(new Key(command.get(1)), command.get(2));
                out.simple("OK");
            } catch (Keyspace.KeyLimitException e) {
                out.error(e.getMessage());
            }
            return true;
        }
        return executeNamed(command, out);
    }

    private boolean executeNamed(List<byte[]> command, RespWriter out) {
        String name = new String(command.get(0), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        byte[][] a = command.subList(1, command.size()).toArray(NO_ARGS);
        try {
            switch (name) {
                case "PING":
                    if (a.length > 1) {
                        return arity(out, name);
                    }
                    if (a.length == 0) {
                        out.simple("PONG");
                    } else {
                        out.bulk(a[0]);
                    }
                    return true;
                case "ECHO":
                    return a.length != 1 ? arity(out, name) : ok(out.bulk(a[0]));
                case "GET": {
                    if (a.length != 1) {
                        return arity(out, name);
                    }
                    Keyspace.Entry e = keys.get(new Key(a[0]));
                    return ok(out.bulk(e == null ? null : e.value()));
                }
                case "SET":
                    return a.length < 2 ? arity(out, name) : set(a, out);
                case "DEL": {
                    if (a.length < 1) {
                        return arity(out, name);
                    }
                    long n = 0;
                    for (byte[] k : a) {
                        n += keys.delete(new Key(k)) ? 1 : 0;
                    }
                    return ok(out.integer(n));
                }
                case "EXISTS": {
                    if (a.length < 1) {
                        return arity(out, name);
                    }
                    long n = 0;
                    for (byte[] k : a) {
                        n += keys.get(new Key(k)) != null ? 1 : 0;
                    }
                    return ok(out.integer(n));
                }
                case "INCR":
                case "DECR":
                    return a.length != 1 ? arity(out, name) : add(a[0], name.equals("INCR") ? 1 : -1, out);
                case "INCRBY":
                case "DECRBY": {
                    if (a.length != 2) {
                        return arity(out, name);
                    }
                    Long by = integer(a[1]);
                    if (by == null || (name.equals("DECRBY") && by == Long.MIN_VALUE)) {
                        return ok(out.error("ERR value is not an integer or out of range"));
                    }
                    return add(a[0], name.equals("INCRBY") ? by : -by, out);
                }
                case "MGET":
                    if (a.length < 1) {
                        return arity(out, name);
                    }
                    out.arrayHeader(a.length);
                    for (byte[] k : a) {
                        Keyspace.Entry e = keys.get(new Key(k));
                        out.bulk(e == null ? null : e.value());
                    }
                    return true;
                case "MSET":
                    if (a.length < 2 || a.length % 2 != 0) {
                        return arity(out, name);
                    }
                    for (int i = 0; i < a.length; i += 2) {
                        keys.set(new Key(a[i]), a[i + 1], Keyspace.NEVER, false, false);
                    }
                    return ok(out.simple("OK"));
                case "EXPIRE":
                case "PEXPIRE": {
                    if (a.length != 2) {
                        return arity(out, name);
                    }
                    Long t = integer(a[1]);
                    long unit = name.equals("EXPIRE") ? 1000 : 1;
                    long limit = Long.MAX_VALUE / 1000 - keys.now();
                    if (t == null || t > limit || t < -limit) {
                        return ok(out.error("ERR value is not an integer or out of range"));
                    }
                    return ok(out.integer(keys.expireAt(new Key(a[0]), keys.now() + t * unit) ? 1 : 0));
                }
                case "TTL":
                case "PTTL": {
                    if (a.length != 1) {
                        return arity(out, name);
                    }
                    long ms = keys.pttl(new Key(a[0]));
                    return ok(out.integer(ms < 0 || name.equals("PTTL") ? ms : (ms + 500) / 1000));
                }
                case "STRLEN": {
                    if (a.length != 1) {
                        return arity(out, name);
                    }
                    Keyspace.Entry e = keys.get(new Key(a[0]));
                    return ok(out.integer(e == null ? 0 : e.value().length));
                }
                case "PERSIST":
                    return a.length != 1 ? arity(out, name) : ok(out.integer(keys.persist(new Key(a[0])) ? 1 : 0));
                case "DBSIZE":
                    return ok(out.integer(keys.size()));
                case "FLUSHDB":
                case "FLUSHALL":
                    keys.clear();
                    return ok(out.simple("OK"));
                case "SELECT":
                    if (a.length != 1) {
                        return arity(out, name);
                    }
                    return ok("0".equals(new String(a[0], StandardCharsets.US_ASCII)) ? out.simple("OK")
                            : out.error("ERR DB index is out of range (mini-redis has database 0 only)"));
                case "QUIT":
                    out.simple("OK");
                    return false;
                case "CONFIG":
                    return config(a, out);
                case "COMMAND":
                    return command(a, out);
                case "CLIENT":
                    return client(a, out);
                case "INFO":
                    return ok(out.bulk("# Server\r\nredis_version:7.0.0\r\nredis_mode:standalone\r\n"
                            + "server_name:polyloop-mini-redis\r\n\r\n# Keyspace\r\ndb0:keys=" + keys.size()
                            + ",expires=0\r\n"));
                default:
                    StringBuilder sb = new StringBuilder("ERR unknown command '").append(printable(command.get(0)))
                            .append("', with args beginning with: ");
                    for (int i = 0; i < Math.min(a.length, 8); i++) {
                        sb.append('\'').append(printable(a[i])).append("' ");
                    }
                    return ok(out.error(sb.toString()));
            }
        } catch (Keyspace.KeyLimitException e) {
            return ok(out.error(e.getMessage()));
        }
    }

    private boolean set(byte[][] a, RespWriter out) {
        long expiresAt = Keyspace.NEVER;
        boolean nx = false;
        boolean xx = false;
        boolean expirySeen = false;
        for (int i = 2; i < a.length; i++) {
            String option = new String(a[i], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
            switch (option) {
                case "NX":
                    nx = true;
                    break;
                case "XX":
                    xx = true;
                    break;
                case "KEEPTTL":
                    if (expirySeen) {
                        return ok(out.error("ERR syntax error"));
                    }
                    expirySeen = true;
                    expiresAt = -1;
                    break;
                case "EX":
                case "PX": {
                    if (expirySeen || i + 1 == a.length) {
                        return ok(out.error("ERR syntax error"));
                    }
                    expirySeen = true;
                    Long t = integer(a[++i]);
                    if (t == null) {
                        return ok(out.error("ERR value is not an integer or out of range"));
                    }
                    if (t <= 0 || t > (Long.MAX_VALUE - keys.now()) / 1000) {
                        return ok(out.error("ERR invalid expire time in 'set' command"));
                    }
                    expiresAt = keys.now() + (option.equals("EX") ? t * 1000 : t);
                    break;
                }
                default:
                    return ok(out.error("ERR syntax error"));
            }
        }
        if (nx && xx) {
            return ok(out.error("ERR syntax error"));
        }
        boolean done = keys.set(new Key(a[0]), a[1], expiresAt, nx, xx);
        if (done) {
            out.simple("OK");
        } else {
            out.bulk((byte[]) null);
        }
        return true;
    }

    private boolean add(byte[] key, long delta, RespWriter out) {
        try {
            out.integer(keys.add(new Key(key), delta));
        } catch (NumberFormatException e) {
            out.error("ERR value is not an integer or out of range");
        } catch (ArithmeticException e) {
            out.error("ERR increment or decrement would overflow");
        }
        return true;
    }

    /** redis-benchmark reads {@code save} and {@code appendonly}; every other parameter is unknown: empty. */
    private boolean config(byte[][] a, RespWriter out) {
        if (a.length < 1) {
            return arity(out, "CONFIG");
        }
        String sub = new String(a[0], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        if (!sub.equals("GET") || a.length != 2) {
            return ok(out.error("ERR mini-redis supports CONFIG GET <parameter> only"));
        }
        String parameter = new String(a[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (parameter.equals("save") || parameter.equals("appendonly")) {
            out.arrayHeader(2).bulk(parameter).bulk(parameter.equals("save") ? "" : "no");
        } else {
            out.arrayHeader(0);
        }
        return true;
    }

    /** Interactive redis-cli asks for COMMAND DOCS to show hints; an empty answer makes it use its built-in help. */
    private boolean command(byte[][] a, RespWriter out) {
        String sub = a.length == 0 ? "" : new String(a[0], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        if (sub.equals("COUNT")) {
            return ok(out.integer(0));
        }
        return ok(out.arrayHeader(0));
    }

    private boolean client(byte[][] a, RespWriter out) {
        String sub = a.length == 0 ? "" : new String(a[0], StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        switch (sub) {
            case "SETNAME":
            case "SETINFO":
                return ok(out.simple("OK"));
            case "GETNAME":
                return ok(out.bulk((byte[]) null));
            default:
                return ok(out.error("ERR mini-redis supports CLIENT SETNAME, SETINFO and GETNAME only"));
        }
    }

    /** @return true if {@code name} is {@code upper} in any case (ASCII letters) */
    private static boolean is(byte[] name, byte[] upper) {
        if (name.length != upper.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if ((name[i] & ~0x20) != upper[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean arity(RespWriter out, String name) {
        out.error("ERR wrong number of arguments for '" + name.toLowerCase(Locale.ROOT) + "' command");
        return true;
    }

    private static boolean ok(RespWriter written) {
        return true;
    }

    private static Long integer(byte[] text) {
        try {
            return Keyspace.parseInteger(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String printable(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, 128), StandardCharsets.UTF_8);
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
