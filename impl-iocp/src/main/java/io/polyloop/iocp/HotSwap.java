package io.polyloop.iocp;

import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverHandoff;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The two halves of a driver swap. Detach cancels every call in flight with CancelIoEx and waits for all their packets
 * (the OVERLAPPEDs and buffers stay in use until then): a call that finished before the cancel took effect completes
 * with its real result and is handed over as completed, so bytes already read are delivered; a cancelled one goes
 * back to the head of its queue. Then each handle leaves the port and travels with its unfinished requests in
 * submission order. Adopt associates the handles with the new port and issues their requests again. Allocates: a swap
 * is rare. Not thread safe: loop thread only.
 */
final class HotSwap {
    private static final Logger LOG = LoggerFactory.getLogger(HotSwap.class);

    private final IocpDriver driver;
    private final HandleRegistry registry;
    private final Dispatcher dispatcher;
    private final Completions done;

    HotSwap(IocpDriver driver, HandleRegistry registry, Dispatcher dispatcher, Completions done) {
        this.driver = driver;
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.done = done;
    }

    DriverHandoff detach() throws IOException {
        dispatcher.reissue = false;
        for (Channel c : registry.snapshot()) {
            dispatcher.cancelInFlight(c, Op.BY_DETACH);
        }
        if (!driver.drainInFlight()) {
            throw new IOException("iocp detach: operations still in flight " + IocpDriver.DRAIN_SECONDS
                    + " s after CancelIoEx; their memory stays allocated and their handles stay with this driver");
        }
        List<DetachedHandle> out = new ArrayList<>();
        for (Channel c : registry.snapshot()) {
            List<IoRequest> pending = new ArrayList<>(c.reads.size() + c.writes.size());
            mergeBySubmission(c, pending);
            int status = registry.disassociate(c);
            if (status != 0) {
                // before Windows 8.1 a handle cannot leave its port: the next driver's adopt will fail and say so
                LOG.warn("iocp detach: {} could not leave its completion port (NTSTATUS 0x{})", c.handle,
                        Integer.toHexString(status));
            }
            registry.forget(c);
            out.add(new DetachedHandle(c.handle, pending));
        }
        return new DriverHandoff(out, done.takeAll());
    }

    /**
     * {@link io.polyloop.spi.HandleTransfer#release}: an idle handle leaves the port (FILE_COMPLETION_INFORMATION
     * page, FileReplaceCompletionInformation with no port, Windows 8.1+) with its queued requests. A handle with a call
     * in flight is refused: its OVERLAPPED and buffer belong to the kernel until the packet comes.
     */
    DetachedHandle release(IoHandle h) throws IOException {
        Channel c = registry.stateOf(h);
        if (c == null || h.isClosed()) {
            throw Errno.toException(-Errno.EBADF, "iocp release: " + h + " is not open in this driver");
        }
        if (!c.idle() || c.closeRequest != null) {
            throw new IOException("iocp release: " + h + " has a call in flight (" + (c.readOp != null ? "read side"
                    : c.writeOp != null ? "write side" : "close") + "); cancel it and wait for its packet first");
        }
        int status = registry.disassociate(c);
        if (status != 0) {
            throw new IOException("iocp release: " + h + " cannot leave its completion port (NTSTATUS 0x"
                    + Integer.toHexString(status) + "); it stays with this driver");
        }
        List<IoRequest> pending = new ArrayList<>(c.reads.size() + c.writes.size());
        mergeBySubmission(c, pending);
        registry.forget(c);
        return new DetachedHandle(h, pending);
    }

    private static void mergeBySubmission(Channel c, List<IoRequest> into) {
        while (!c.reads.isEmpty() || !c.writes.isEmpty()) {
            boolean takeRead = c.writes.isEmpty() || !c.reads.isEmpty() && c.reads.peekSeq() < c.writes.peekSeq();
            into.add(takeRead ? c.reads.poll() : c.writes.poll());
        }
    }

    /** All handles join first (and leave again if one cannot), then their requests are issued again. */
    void adopt(List<DetachedHandle> detached) throws IOException {
        List<Channel> added = new ArrayList<>(detached.size());
        for (DetachedHandle dh : detached) {
            IoHandle h = dh.handle();
            int e = h.driverState() != null ? WinConstants.ERROR_INVALID_PARAMETER : registry.attach(h);
            if (e != 0) {
                for (Channel c : added) {
                    registry.disassociate(c);
                    registry.forget(c);
                }
                throw WinErrors.exception(e, "adopt " + h + (h.driverState() != null ? ": still attached" : ""));
            }
            added.add(registry.stateOf(h));
        }
        for (int i = 0; i < detached.size(); i++) {
            Channel c = added.get(i);
            for (IoRequest r : detached.get(i).pending()) {
                r.driverData(null);
                c.queue(c.readSide(r.op())).add(r, c.nextSeq());
            }
        }
        for (Channel c : added) {
            dispatcher.issueNext(c, true);
            dispatcher.issueNext(c, false);
        }
    }
}
