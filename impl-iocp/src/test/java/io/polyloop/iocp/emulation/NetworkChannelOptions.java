package io.polyloop.iocp.emulation;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.util.Map;

/** Socket options set on an emulated socket before its Linux socket exists are applied when it does. Stateless. */
final class NetworkChannelOptions {
    private NetworkChannelOptions() {
    }

    static void apply(SelectableChannel ch, Map<SocketOption<Object>, Object> options) throws IOException {
        if (!(ch instanceof NetworkChannel)) {
            return;
        }
        NetworkChannel n = (NetworkChannel) ch;
        for (Map.Entry<SocketOption<Object>, Object> e : options.entrySet()) {
            if (n.supportedOptions().contains(e.getKey())) {
                n.setOption(e.getKey(), e.getValue());
            }
        }
    }
}
