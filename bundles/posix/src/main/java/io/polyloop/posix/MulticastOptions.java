package io.polyloop.posix;

import io.polyloop.spi.MulticastMembership;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;

/**
 * The IP-level UDP options of {@link SocketOptions}: multicast membership (the SPI's {@link MulticastMembership}),
 * IP_MULTICAST_TTL and IP_MULTICAST_LOOP, at the IPv4 or IPv6 level of the socket's family (read with SO_DOMAIN).
 * Linux only for now: the BSD structs differ (ip_mreq without an interface index) and are not written yet. Not
 * thread safe (the scratch memory is the caller's).
 */
final class MulticastOptions {
    // Linux <netinet/in.h>, <linux/in6.h>, <asm/socket.h>
    private static final int SO_DOMAIN = 39;
    private static final int IPPROTO_IP = 0;
    private static final int IP_MULTICAST_TTL = 33;
    private static final int IP_MULTICAST_LOOP = 34;
    private static final int IP_ADD_MEMBERSHIP = 35;
    private static final int IP_DROP_MEMBERSHIP = 36;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_MULTICAST_HOPS = 18;
    private static final int IPV6_MULTICAST_LOOP = 19;
    private static final int IPV6_ADD_MEMBERSHIP = 20;
    private static final int IPV6_DROP_MEMBERSHIP = 21;
    private static final int IP_MREQN_SIZE = 12;
    private static final int IPV6_MREQ_SIZE = 20;

    private MulticastOptions() {
    }

    static boolean handles(SocketOption<?> o) {
        return o == MulticastMembership.JOIN || o == MulticastMembership.LEAVE
                || o == StandardSocketOptions.IP_MULTICAST_TTL || o == StandardSocketOptions.IP_MULTICAST_LOOP;
    }

    static void set(PosixSyscalls sys, PosixPlatform p, int fd, SocketOption<?> option, Object value,
                    NativeMemory scratch, int offset) throws IOException {
        linuxOnly(p, option);
        boolean v6 = isIpv6(sys, p, fd, scratch, offset);
        if (value instanceof MulticastMembership) {
            membership(sys, p, fd, option == MulticastMembership.JOIN, (MulticastMembership) value, v6);
            return;
        }
        int v = value instanceof Boolean ? ((Boolean) value ? 1 : 0) : (Integer) value;
        scratch.buffer().putInt(offset, v);
        if (sys.setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, name(option, v6), scratch.address() + offset, 4) < 0) {
            throw Errors.exception(p, sys.errno(), "setsockopt " + option.name() + "=" + value);
        }
    }

    static Object get(PosixSyscalls sys, PosixPlatform p, int fd, SocketOption<?> option, NativeMemory scratch,
                      int offset) throws IOException {
        linuxOnly(p, option);
        if (option == MulticastMembership.JOIN || option == MulticastMembership.LEAVE) {
            throw new UnsupportedOperationException(option.name() + " can be set, not read");
        }
        boolean v6 = isIpv6(sys, p, fd, scratch, offset);
        ByteBuffer b = scratch.buffer();
        b.putInt(offset, 0);
        b.putInt(offset + 4, 4);
        if (sys.getsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, name(option, v6), scratch.address() + offset,
                scratch.address() + offset + 4) < 0) {
            throw Errors.exception(p, sys.errno(), "getsockopt " + option.name());
        }
        // IPv4 may answer these with a single byte (u_char) on some kernels: take the low byte when so
        int v = b.getInt(offset + 4) == 1 ? b.get(offset) & 0xff : b.getInt(offset);
        return option == StandardSocketOptions.IP_MULTICAST_LOOP ? (Object) (v != 0) : (Object) v;
    }

    private static int name(SocketOption<?> o, boolean v6) {
        if (o == StandardSocketOptions.IP_MULTICAST_TTL) {
            return v6 ? IPV6_MULTICAST_HOPS : IP_MULTICAST_TTL;
        }
        return v6 ? IPV6_MULTICAST_LOOP : IP_MULTICAST_LOOP;
    }

    private static void membership(PosixSyscalls sys, PosixPlatform p, int fd, boolean join, MulticastMembership m,
                                   boolean v6) throws IOException {
        if ((m.group() instanceof Inet6Address) != v6) {
            throw new IllegalArgumentException("multicast group " + m.group().getHostAddress() + " is not of the"
                    + " socket's family (" + (v6 ? "IPv6" : "IPv4") + ")");
        }
        // ip_mreqn and ipv6_mreq do not fit the drivers' 16-byte option scratch; a rare call, so a short-lived block
        NativeMemory mreq = NativeMemory.allocate(v6 ? IPV6_MREQ_SIZE : IP_MREQN_SIZE);
        try {
            ByteBuffer b = mreq.buffer();
            byte[] group = m.group().getAddress(); // network byte order, as in_addr/in6_addr are
            for (int i = 0; i < group.length; i++) {
                b.put(i, group[i]);
            }
            int level;
            int name;
            if (v6) {
                b.putInt(16, m.interfaceIndex()); // ipv6mr_interface
                level = IPPROTO_IPV6;
                name = join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP;
            } else {
                b.putInt(4, 0); // imr_address: INADDR_ANY
                b.putInt(8, m.interfaceIndex()); // imr_ifindex
                level = IPPROTO_IP;
                name = join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP;
            }
            if (sys.setsockopt(fd, level, name, mreq.address(), mreq.size()) < 0) {
                throw Errors.exception(p, sys.errno(), (join ? "join " : "leave ") + "multicast group " + m);
            }
        } finally {
            mreq.free();
        }
    }

    private static boolean isIpv6(PosixSyscalls sys, PosixPlatform p, int fd, NativeMemory scratch, int offset)
            throws IOException {
        ByteBuffer b = scratch.buffer();
        b.putInt(offset, 0);
        b.putInt(offset + 4, 4);
        if (sys.getsockopt(fd, p.SOL_SOCKET, SO_DOMAIN, scratch.address() + offset, scratch.address() + offset + 4)
                < 0) {
            throw Errors.exception(p, sys.errno(), "getsockopt SO_DOMAIN");
        }
        return b.getInt(offset) == p.AF_INET6;
    }

    private static void linuxOnly(PosixPlatform p, SocketOption<?> option) {
        if (p != PosixPlatform.LINUX) {
            throw new UnsupportedOperationException("socket option " + option.name() + " is not implemented on "
                    + p.name + " yet (Linux only)");
        }
    }
}
