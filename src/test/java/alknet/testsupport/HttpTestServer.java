package alknet.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server (JDK com.sun.net.httpserver) serving a known body at "/", for curl tests. */
public final class HttpTestServer implements AutoCloseable {
    /** Body served when none is given. */
    public static final String DEFAULT_BODY = "hello from alknet HttpTestServer\n";

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] body;
    private final AtomicInteger requests = new AtomicInteger();

    private HttpTestServer(String body) throws IOException {
        this.body = body.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "http-test-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** Starts on 127.0.0.1, ephemeral port, serving {@link #DEFAULT_BODY}. */
    public static HttpTestServer start() {
        return start(DEFAULT_BODY);
    }

    public static HttpTestServer start(String body) {
        try {
            return new HttpTestServer(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (!"/".equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public String url() {
        return url("127.0.0.1");
    }

    /** The URL with another host name, e.g. {@code url("localhost")} to make SOCKS send a domain. */
    public String url(String host) {
        return "http://" + host + ":" + port() + "/";
    }

    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public int requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
