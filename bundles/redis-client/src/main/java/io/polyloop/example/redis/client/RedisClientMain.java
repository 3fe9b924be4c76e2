package io.polyloop.example.redis.client;

import io.polyloop.api.IoRuntime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The client without OSGi: one command, its reply printed like redis-cli prints it, on a runtime built with
 * {@link IoRuntime#builder()}.
 *
 * <pre>
 * java -cp … io.polyloop.example.redis.client.RedisClientMain [-h 127.0.0.1] [-p 6379] COMMAND [ARG…]
 * </pre>
 *
 * Exit status: 0 for a reply, 1 for an error reply or no connection, 2 for bad usage.
 */
public final class RedisClientMain {
    private RedisClientMain() {
    }

    public static void main(String[] args) throws Exception {
        String host = RedisClientOptions.DEFAULT_HOST;
        String port = Integer.toString(RedisClientOptions.DEFAULT_PORT);
        int i = 0;
        while (i + 1 < args.length && (args[i].equals("-h") || args[i].equals("-p"))) {
            if (args[i].equals("-h")) {
                host = args[i + 1];
            } else {
                port = args[i + 1];
            }
            i += 2;
        }
        if (i == args.length) {
            System.err.println("usage: RedisClientMain [-h ip] [-p port] COMMAND [ARG...]  (default: 127.0.0.1 6379)");
            System.exit(2);
        }
        RedisClientOptions options;
        try {
            options = RedisClientOptions.parse(Map.of(RedisClientOptions.HOST, host, RedisClientOptions.PORT, port,
                    RedisClientOptions.POOL_SIZE, 1));
        } catch (IllegalArgumentException e) {
            System.err.println("redis: " + e.getMessage());
            System.exit(2);
            return;
        }
        int status;
        try (IoRuntime runtime = IoRuntime.builder().build()) {
            try (RedisClient client = RedisClient.connect(runtime, options).get(30, TimeUnit.SECONDS)) {
                Object reply = client.command(Arrays.copyOfRange(args, i, args.length)).get(30, TimeUnit.SECONDS);
                System.out.println(format(reply, ""));
                status = 0;
            } catch (ExecutionException e) {
                System.out.println("(error) " + e.getCause().getMessage());
                status = 1;
            }
        }
        System.exit(status);
    }

    static String format(Object reply, String indent) {
        if (reply == null) {
            return "(nil)";
        }
        if (reply instanceof Long) {
            return "(integer) " + reply;
        }
        if (reply instanceof byte[]) {
            return "\"" + new String((byte[]) reply, StandardCharsets.UTF_8) + "\"";
        }
        if (reply instanceof List) {
            List<?> items = (List<?>) reply;
            if (items.isEmpty()) {
                return "(empty array)";
            }
            StringBuilder sb = new StringBuilder();
            for (int n = 0; n < items.size(); n++) {
                sb.append(n == 0 ? "" : "\n" + indent).append(n + 1).append(") ")
                        .append(format(items.get(n), indent + "   "));
            }
            return sb.toString();
        }
        return String.valueOf(reply);
    }
}
