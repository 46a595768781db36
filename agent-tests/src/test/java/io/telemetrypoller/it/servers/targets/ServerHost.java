package io.telemetrypoller.it.servers.targets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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

/**
 * A real embedded server whose every request sleeps {@code SLEEP_MS} on a small pool, so that concurrent
 * clients make requests queue: {@code ServerHost tomcat|jetty PORT}. Prints {@code listening} once it
 * serves, then on the line {@code stop} from stdin stops the server (and with it its pool) and prints
 * {@code stopped}; exits when stdin closes.
 */
public final class ServerHost {
    public static final int SLEEP_MS = 200;
    public static final int MAX_THREADS = 4;
    private static QueuedThreadPool jettyPool;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        AutoCloseable server = args[0].equals("tomcat") ? tomcat(port) : jetty(port);
        System.out.println("listening" + (jettyPool == null ? "" : " pool=" + jettyPool.getName()));
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
        jettyPool = pool;
        return server::stop;
    }

    private static void sleep() {
        try {
            Thread.sleep(SLEEP_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
