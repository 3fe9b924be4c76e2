package io.polyloop.scheduler.net;

import io.polyloop.api.buffer.BufferPool;
import io.polyloop.api.buffer.PooledBuffer;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.spi.RecvBufferSource;

import java.nio.ByteBuffer;

/**
 * {@code TcpStream.read(pool, max)}: a read whose loan is taken from the pool only when bytes are there. On a driver
 * that {@linkplain io.polyloop.spi.IoDriver#selectsRecvBuffers() selects RECV buffers} it is the RECV_SELECT's buffer
 * source itself: the driver takes the loan when the socket is readable (or its bytes already arrived) and gives it back
 * if nothing came, so a connection waiting for input holds none. Bytes kept from before, or received through a staging
 * buffer on other drivers, are copied into a loan taken at delivery. A loan is at most {@code max} and otherwise as big
 * as the connection's {@link LoanSizer} says, so busy connections with little in flight hold little. The loan goes to
 * the caller, who closes it. Not thread safe: loop only.
 */
final class PooledRead extends ReadOp implements RecvBufferSource {
    private final LoopTask<PooledBuffer> result;
    private final BufferPool pool;
    private final int max;
    private final LoanSizer sizer;
    /** Capacity asked for the loan in flight: what {@link #filled} compares the received bytes with. */
    private int loanSize;
    /** Taken by the driver for the RECV_SELECT in flight and not yet given back or delivered, or null. */
    private PooledBuffer loan;

    PooledRead(LoopTask<PooledBuffer> task, BufferPool pool, int max, LoanSizer sizer) {
        super(task);
        this.result = task;
        this.pool = pool;
        this.max = max;
        this.sizer = sizer;
    }

    @Override
    int want() {
        return max;
    }

    /** Bytes from the kept ones or a staging buffer: copied into a loan taken now. */
    @Override
    void offer(ByteBuffer data) {
        if (result.isDone()) {
            return;
        }
        int n = Math.min(max, data.remaining());
        PooledBuffer b = pool.acquire(n); // sized to the bytes there, not to max
        ByteBuffer dst = b.buffer();
        dst.clear().put(0, data, data.position(), n).limit(n);
        if (result.complete(b)) {
            data.position(data.position() + n);
        } else {
            b.close(); // cancelled meanwhile: the bytes stay in data for the next read
        }
    }

    @Override
    void endOfStream() {
        result.complete(null);
    }

    @Override
    public ByteBuffer take() {
        assert loan == null : "a second buffer taken for one RECV_SELECT";
        loanSize = sizer.size(max);
        loan = pool.acquire(loanSize);
        return loan.buffer().clear().limit(loanSize);
    }

    @Override
    public void giveBack(ByteBuffer buffer) {
        PooledBuffer b = loan;
        loan = null;
        b.close();
    }

    /**
     * The RECV_SELECT put {@code n} bytes at the start of the loan: the read completes with it.
     *
     * @return null if delivered, else (the task was done meanwhile) those bytes, to keep before {@link #dropLoan()}
     */
    ByteBuffer filled(int n) {
        PooledBuffer b = loan;
        sizer.record(n, loanSize);
        ByteBuffer bytes = b.buffer().limit(n).position(0);
        if (result.complete(b)) {
            loan = null; // the caller's now
            return null;
        }
        return bytes;
    }

    /** Closes a loan whose bytes the side has kept. */
    void dropLoan() {
        PooledBuffer b = loan;
        loan = null;
        if (b != null) {
            b.close();
        }
    }
}
