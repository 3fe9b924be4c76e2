package io.polyloop.iocp.emulation;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;

import static io.polyloop.iocp.WinConstants.*;

/**
 * ws2_32's setsockopt and getsockopt emulated: the options the driver sets map to NIO socket options (kept on the
 * socket until its Linux socket exists, {@link NetworkChannelOptions}); SO_UPDATE_ACCEPT_CONTEXT and
 * SO_UPDATE_CONNECT_CONTEXT end the "default state" of an AcceptEx/ConnectEx socket (AcceptEx and ConnectEx pages);
 * SO_PROTOCOL_INFOW reports XP1_IFS_HANDLES unless the config emulates a non-IFS layered provider. Thread safe: every
 * call takes the kernel's lock.
 */
final class EmuSocketOptions {
    private final EmuKernel k;

    EmuSocketOptions(EmuKernel kernel) {
        this.k = kernel;
    }

    int setsockopt(long s, int level, int name, long value, int valueLen) {
        synchronized (k.lock) {
            EmuSocket so = k.socket(s);
            if (so == null) {
                return k.socketError(WSAENOTSOCK);
            }
            if (level == SOL_SOCKET && name == SO_UPDATE_ACCEPT_CONTEXT) {
                if (valueLen != 8 || so.acceptedBy == null || Mem.getLong(value) != so.acceptedBy.handle) {
                    return k.socketError(WSAEINVAL); // the value is the listening socket that accepted it
                }
                so.contextPending = false;
                return 0;
            }
            if (level == SOL_SOCKET && name == SO_UPDATE_CONNECT_CONTEXT) {
                if (!so.connected || so.acceptedBy != null) {
                    return k.socketError(WSAENOTCONN);
                }
                so.contextPending = false;
                return 0;
            }
            SocketOption<?> option = option(level, name);
            if (option == null) {
                return k.socketError(WSAENOPROTOOPT);
            }
            Object v;
            if (option == StandardSocketOptions.SO_LINGER) {
                v = Mem.getShort(value) != 0 ? Mem.getShort(value + 2) & 0xFFFF : -1;
            } else if (option.type() == Boolean.class) {
                v = Mem.getInt(value) != 0;
            } else {
                v = Mem.getInt(value);
            }
            @SuppressWarnings("unchecked")
            SocketOption<Object> o = (SocketOption<Object>) option;
            so.options.put(o, v);
            try {
                so.applyOptions();
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return k.socketError(WSAEINVAL);
            }
        }
    }

    private static SocketOption<?> option(int level, int name) {
        if (level == IPPROTO_TCP && name == TCP_NODELAY) {
            return StandardSocketOptions.TCP_NODELAY;
        }
        if (level != SOL_SOCKET) {
            return null;
        }
        switch (name) {
            case SO_KEEPALIVE: return StandardSocketOptions.SO_KEEPALIVE;
            case SO_REUSEADDR: return StandardSocketOptions.SO_REUSEADDR;
            case SO_RCVBUF: return StandardSocketOptions.SO_RCVBUF;
            case SO_SNDBUF: return StandardSocketOptions.SO_SNDBUF;
            case SO_LINGER: return StandardSocketOptions.SO_LINGER;
            default: return null;
        }
    }

    int getsockopt(long s, int level, int name, long value, long valueLenPtr) {
        synchronized (k.lock) {
            EmuSocket so = k.socket(s);
            if (so == null) {
                return k.socketError(WSAENOTSOCK);
            }
            if (level == SOL_SOCKET && name == SO_PROTOCOL_INFOW) {
                if (Mem.getInt(valueLenPtr) < 628) {
                    return k.socketError(WSAEFAULT);
                }
                // dwServiceFlags1: XP1_IFS_HANDLES unless a non-IFS layered provider is installed
                Mem.putInt(value, (k.config.ifsHandles() ? XP1_IFS_HANDLES : 0) | 0x2);
                Mem.putInt(valueLenPtr, 628);
                return 0;
            }
            SocketOption<?> option = option(level, name);
            if (option == null) {
                return k.socketError(WSAENOPROTOOPT);
            }
            Object v;
            try {
                NetworkChannel ch = (NetworkChannel) so.channel();
                v = ch != null && ch.supportedOptions().contains(option) ? ch.getOption(option) : so.options.get(option);
            } catch (IOException e) {
                return k.socketError(WSAEINVAL);
            }
            if (option == StandardSocketOptions.SO_LINGER) {
                int secs = v == null ? -1 : (Integer) v;
                Mem.putShort(value, (short) (secs >= 0 ? 1 : 0));
                Mem.putShort(value + 2, (short) Math.max(secs, 0));
                Mem.putInt(valueLenPtr, 4);
            } else {
                Mem.putInt(value, v instanceof Boolean ? ((Boolean) v ? 1 : 0) : v == null ? 0 : (Integer) v);
                Mem.putInt(valueLenPtr, 4);
            }
            return 0;
        }
    }
}
