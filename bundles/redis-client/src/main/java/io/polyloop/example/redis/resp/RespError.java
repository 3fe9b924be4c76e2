package io.polyloop.example.redis.resp;

/**
 * A decoded error reply ({@code -ERR message}). A value, not an exception: the decoder hands it over like any other
 * reply and the caller decides what it means.
 */
public final class RespError {
    private final String message;

    public RespError(String message) {
        this.message = message;
    }

    /** @return the whole text after '-', e.g. {@code ERR unknown command 'FOO'} */
    public String message() {
        return message;
    }

    /** @return the first word, by convention the error code: {@code ERR}, {@code WRONGTYPE}, … */
    public String code() {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RespError && message.equals(((RespError) o).message);
    }

    @Override
    public int hashCode() {
        return message.hashCode();
    }

    @Override
    public String toString() {
        return "-" + message;
    }
}
