package io.polyloop.iocp;

import io.polyloop.posix.NativeMemory;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoHandle;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The handles one driver holds, each associated with the driver's completion port. A handle joins on open, accept and
 * adopt, and leaves on close and detach. Windows ties a handle to one port for good, except through
 * NtSetInformationFile(FileReplaceCompletionInformation) with a null port (Windows 8.1 and later; FILE_INFORMATION_CLASS
 * and FILE_COMPLETION_INFORMATION pages of the WDK), which is how detach frees a handle for the next driver. Not
 * thread safe: loop thread only.
 */
final class HandleRegistry {
    private final IocpDriver owner;
    private final Win32 win;
    private final Port port;
    private final SocketSetup setup;
    private final Set<Channel> channels = new LinkedHashSet<>();

    HandleRegistry(IocpDriver owner, Win32 win, Port port, SocketSetup setup) {
        this.owner = owner;
        this.win = win;
        this.port = port;
        this.setup = setup;
    }

    /** @return the state of a handle this driver holds, or null (detached, closed, or another driver's) */
    Channel stateOf(IoHandle h) {
        Object s = h.driverState();
        return s instanceof Channel && ((Channel) s).owner == owner ? (Channel) s : null;
    }

    /** @return 0, or the Win32 error that kept the handle from joining the port (the caller keeps the handle) */
    int attach(IoHandle h) {
        Channel c = new Channel(owner, h);
        int e = port.associate(c.os);
        if (e != 0) {
            return e;
        }
        boolean socket = h.kind() != HandleKind.FILE;
        if (!socket || setup.ifsHandles(c.os)) {
            byte modes = WinConstants.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | WinConstants.FILE_SKIP_SET_EVENT_ON_HANDLE;
            c.skipOnSuccess = win.SetFileCompletionNotificationModes(c.os, modes) != 0;
        }
        if (h.kind() == HandleKind.TCP_STREAM) {
            c.bound = setup.boundState(c.os) == 0; // an adopted or accepted socket may be bound already
        }
        channels.add(c);
        h.driverState(c);
        return 0;
    }

    /** Attaches a handle just opened; closes it if it cannot join the port. */
    IoHandle attachOrClose(IoHandle h) throws java.io.IOException {
        int e = attach(h);
        if (e != 0) {
            closeOs(h);
            throw WinErrors.exception(e, "CreateIoCompletionPort " + h);
        }
        return h;
    }

    /** Leaves the driver; the handle stays open and associated with the port. */
    void forget(Channel c) {
        channels.remove(c);
        c.handle.driverState(null);
    }

    /** @return the NTSTATUS of removing the handle's association with this driver's port (0 on success) */
    int disassociate(Channel c) {
        NativeMemory m = NativeMemory.allocate(Layouts.FILE_COMPLETION_INFORMATION_SIZE + Layouts.IO_STATUS_BLOCK_SIZE);
        try {
            var v = m.buffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            v.putLong(0, 0); // Port: none
            v.putLong(8, 0); // Key
            return win.NtSetInformationFile(c.os, m.address() + Layouts.FILE_COMPLETION_INFORMATION_SIZE, m.address(),
                    Layouts.FILE_COMPLETION_INFORMATION_SIZE, WinConstants.FILE_REPLACE_COMPLETION_INFORMATION);
        } finally {
            m.free();
        }
    }

    /** @return closesocket/CloseHandle's result as an SPI code: 0 or -errno */
    int closeOs(IoHandle h) {
        boolean ok = h.kind() == HandleKind.FILE ? win.CloseHandle(h.descriptor()) != 0
                : win.closesocket(h.descriptor()) == 0;
        return ok ? 0 : -WinErrors.errno(win.lastError());
    }

    /** @return a copy: close and detach remove while iterating */
    List<Channel> snapshot() {
        return new ArrayList<>(channels);
    }

    int size() {
        return channels.size();
    }
}
