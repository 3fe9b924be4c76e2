package io.polyloop.spi;

import java.net.InetAddress;
import java.net.SocketOption;
import java.util.Objects;

/**
 * The value of the SPI's multicast membership options {@link #JOIN} and {@link #LEAVE}, set on a UDP handle with
 * {@link IoDriver#setOption}: the group and the index of the interface to join it on (0 lets the OS choose). The
 * group's family must be the socket's. A backend that cannot do it throws {@link UnsupportedOperationException}.
 * Immutable.
 */
public final class MulticastMembership {
    /** Joins the group (IP_ADD_MEMBERSHIP / IPV6_JOIN_GROUP). Set only: {@code getOption} is not supported. */
    public static final SocketOption<MulticastMembership> JOIN = new Option("JOIN_GROUP");
    /** Leaves the group (IP_DROP_MEMBERSHIP / IPV6_LEAVE_GROUP). Set only. */
    public static final SocketOption<MulticastMembership> LEAVE = new Option("LEAVE_GROUP");

    private final InetAddress group;
    private final int interfaceIndex;

    /** @throws IllegalArgumentException if {@code group} is not a multicast address or the index is negative */
    public MulticastMembership(InetAddress group, int interfaceIndex) {
        Objects.requireNonNull(group, "group");
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException(group.getHostAddress() + " is not a multicast address; accepted:"
                    + " 224.0.0.0/4 or ff00::/8");
        }
        if (interfaceIndex < 0) {
            throw new IllegalArgumentException("interface index " + interfaceIndex + " is negative");
        }
        this.group = group;
        this.interfaceIndex = interfaceIndex;
    }

    public InetAddress group() {
        return group;
    }

    public int interfaceIndex() {
        return interfaceIndex;
    }

    @Override
    public String toString() {
        return group.getHostAddress() + "%" + interfaceIndex;
    }

    private static final class Option implements SocketOption<MulticastMembership> {
        private final String name;

        Option(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Class<MulticastMembership> type() {
            return MulticastMembership.class;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
