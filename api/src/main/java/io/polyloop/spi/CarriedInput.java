package io.polyloop.spi;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Input a driver had already taken from a descriptor but not yet delivered to a request when it was detached: bytes
 * of a stream received ahead of the RECV that will want them, connections a listener accepted ahead of the ACCEPT
 * that will want them (a completion-based driver with multishot operations does both), and an error the socket
 * reported meanwhile. The adopting driver serves it before it touches the descriptor again, so a swap neither drops
 * nor reorders what was received. Bytes first, then the error. Not thread safe: owned by one loop at a time.
 */
public final class CarriedInput {
    /** A connection accepted ahead of its ACCEPT request: its handle travels in the same handoff. */
    public record Accepted(IoHandle connection, InetSocketAddress peer) {
    }

    private final ByteBuffer bytes;
    private final ArrayDeque<Accepted> accepted;
    private int error;

    /**
     * @param bytes    received stream bytes between position and limit (copied), or null
     * @param accepted accepted connections in accept order
     * @param error    a negative errno the socket reported after {@code bytes}, or 0
     */
    public CarriedInput(ByteBuffer bytes, List<Accepted> accepted, int error) {
        if (error > 0) {
            throw new IllegalArgumentException("error " + error + " is not a negative errno or 0");
        }
        if (bytes != null && bytes.hasRemaining()) {
            this.bytes = ByteBuffer.allocate(bytes.remaining());
            this.bytes.put(bytes.duplicate()).flip();
        } else {
            this.bytes = null;
        }
        this.accepted = new ArrayDeque<>(accepted);
        this.error = error;
    }

    /** @return whether nothing is left to serve */
    public boolean isEmpty() {
        return !hasBytes() && accepted.isEmpty() && error == 0;
    }

    public boolean hasBytes() {
        return bytes != null && bytes.hasRemaining();
    }

    /**
     * Copies as many carried bytes as fit into {@code dst} from its position on, leaving its position alone (as a
     * driver completes a RECV: the caller advances by the result).
     *
     * @return the number copied
     */
    public int copyTo(ByteBuffer dst) {
        if (!hasBytes()) {
            return 0;
        }
        int n = Math.min(dst.remaining(), bytes.remaining());
        dst.put(dst.position(), bytes, bytes.position(), n);
        bytes.position(bytes.position() + n);
        return n;
    }

    /** @return the carried bytes left, as a read-only view (for a driver that keeps them its own way) */
    public ByteBuffer remainingBytes() {
        return hasBytes() ? bytes.asReadOnlyBuffer() : ByteBuffer.allocate(0);
    }

    /** @return the next accepted connection, or null */
    public Accepted pollAccepted() {
        return accepted.poll();
    }

    public List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    /** @return the carried error once the bytes are served (and clears it), else 0 */
    public int takeError() {
        if (hasBytes()) {
            return 0;
        }
        int e = error;
        error = 0;
        return e;
    }

    public int error() {
        return error;
    }

    @Override
    public String toString() {
        return "CarriedInput[" + (bytes == null ? 0 : bytes.remaining()) + " bytes, " + accepted.size()
                + " accepted, error " + error + "]";
    }
}
