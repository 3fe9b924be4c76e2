package io.polyloop.bench.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

import java.net.InetSocketAddress;

/**
 * The echo server on Netty 4.2, written as Netty's own example is: write what was read, flush when the read batch
 * is complete. Boss and workers share one group of {@code threads} loops; pooled direct buffers (Netty's default).
 */
final class NettyEcho implements BenchEchoServer {
    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final String description;

    private NettyEcho(MultiThreadIoEventLoopGroup group, Channel channel, String description) {
        this.group = group;
        this.channel = channel;
        this.description = description;
    }

    static NettyEcho open(String transport, int threads) throws Exception {
        IoHandlerFactory factory;
        Class<? extends ServerChannel> channelClass;
        switch (transport) {
            case "epoll":
                if (!Epoll.isAvailable()) {
                    throw new UnavailableException("Netty epoll: " + Epoll.unavailabilityCause());
                }
                factory = EpollIoHandler.newFactory();
                channelClass = EpollServerSocketChannel.class;
                break;
            case "io_uring":
                if (!IoUring.isAvailable()) {
                    throw new UnavailableException("Netty io_uring: " + IoUring.unavailabilityCause());
                }
                factory = IoUringIoHandler.newFactory();
                channelClass = IoUringServerSocketChannel.class;
                break;
            case "nio":
                factory = NioIoHandler.newFactory();
                channelClass = NioServerSocketChannel.class;
                break;
            default:
                throw new IllegalArgumentException("netty transport " + transport + "; accepted: epoll, io_uring, nio");
        }
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, factory);
        Channel ch = new ServerBootstrap().group(group).channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(Handler.INSTANCE)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return new NettyEcho(group, ch, "Netty " + io.netty.util.Version.identify().get("netty-common")
                .artifactVersion() + " " + transport + ", " + threads + " loop(s)");
    }

    @Override
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() throws Exception {
        channel.close().sync();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    @ChannelHandler.Sharable
    static final class Handler extends ChannelInboundHandlerAdapter {
        static final Handler INSTANCE = new Handler();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
