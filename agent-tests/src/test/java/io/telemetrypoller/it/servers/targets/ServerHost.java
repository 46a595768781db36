package io.telemetrypoller.it.servers.targets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * A real embedded server whose every request sleeps 200 ms (or {@code SLEEP_MS}) on a small pool, so that concurrent
 * clients make requests queue: {@code ServerHost tomcat|jetty|netty|undertow PORT [SLEEP_MS]}. Netty's handler sleeps on its
 * event loop (the blocking handler a loop's pending tasks reveal): the channels accepted meanwhile wait
 * as registration tasks in the loops' queues. Prints {@code listening} once it
 * serves, then on the line {@code stop} from stdin stops the server (and with it its pool) and prints
 * {@code stopped}; exits when stdin closes.
 */
public final class ServerHost {
    /** The request's sleep: 200 ms, or the third argument (0 for a trivial request, scripts/server-hook-bench.sh). */
    private static int sleepMs = 200;
    public static final int MAX_THREADS = 4;
    private static String poolName;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        if (args.length > 2) {
            sleepMs = Integer.parseInt(args[2]);
        }
        AutoCloseable server = args[0].equals("tomcat") ? tomcat(port) : args[0].equals("jetty") ? jetty(port)
                : args[0].equals("netty") ? netty(port) : undertow(port);
        System.out.println("listening" + (poolName == null ? "" : " pool=" + poolName));
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("stop")) {
                server.close();
                System.out.println("stopped");
                System.out.flush();
            }
        }
    }

    private static AutoCloseable tomcat(int port) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        tomcat.setPort(port);
        Connector connector = tomcat.getConnector();
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxThreads", String.valueOf(MAX_THREADS));
        connector.setProperty("minSpareThreads", "1");
        Context ctx = tomcat.addContext("", null);
        Tomcat.addServlet(ctx, "sleepy", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
                sleep();
                resp.setContentType("text/plain");
                resp.getWriter().write("ok\n");
            }
        });
        ctx.addServletMappingDecoded("/*", "sleepy");
        tomcat.start();
        return () -> {
            tomcat.stop();
            tomcat.destroy();
        };
    }

    private static AutoCloseable jetty(int port) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS + 4, 2); // + acceptor and selector threads
        pool.setReservedThreads(0); // every request's job goes through the pool's queue
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                sleep();
                response.write(true, java.nio.ByteBuffer.wrap("ok\n".getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
        });
        server.start();
        poolName = pool.getName();
        return server::stop;
    }

    /** A plain HTTP/1.0 answer per connection on Netty 4.1: the request's end, a sleep, 200, close. */
    private static AutoCloseable netty(int port) throws Exception {
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup(MAX_THREADS);
        new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            private final StringBuilder request = new StringBuilder();

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf in = (ByteBuf) msg;
                                request.append(in.toString(StandardCharsets.US_ASCII));
                                in.release();
                                if (request.indexOf("\r\n\r\n") >= 0) {
                                    sleep();
                                    ByteBuf ok = Unpooled.copiedBuffer("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n",
                                            StandardCharsets.US_ASCII);
                                    ctx.writeAndFlush(ok).addListener(ChannelFutureListener.CLOSE);
                                }
                            }
                        });
                    }
                }).bind("127.0.0.1", port).sync();
        // the loops' threads are named nioEventLoopGroup-N-i: this group's name is nioEventLoopGroup-N
        String thread = workers.next().submit(() -> Thread.currentThread().getName()).get();
        poolName = thread.substring(0, thread.lastIndexOf('-'));
        return () -> {
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        };
    }

    /** Undertow 2.3 on XNIO: one I/O thread hands each request to the worker's task pool (JBoss Threads'). */
    private static AutoCloseable undertow(int port) {
        Undertow server = Undertow.builder().addHttpListener(port, "127.0.0.1").setIoThreads(1)
                .setWorkerThreads(MAX_THREADS).setHandler(new BlockingHandler(exchange -> {
                    sleep();
                    exchange.getResponseSender().send("ok\n");
                })).build();
        server.start();
        return server::stop;
    }

    private static void sleep() {
        try {
            if (sleepMs > 0) {
                Thread.sleep(sleepMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
