package alknet.testsupport;

import alknet.transport.SocketHalfClose.InputShutdown;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 CONNECT proxy on 127.0.0.1 that records every CONNECT authority exactly as received
 * ({@code db.internal:5432}, {@code [::1]:22}). Reads the request line and headers up to the blank line; with
 * credentials, a missing or wrong {@code Proxy-Authorization: Basic} gets 407 with {@code Proxy-Authenticate}
 * (and is not recorded). Host names resolve only through {@link #mapHost}; an unmapped or unreachable target
 * gets 502, another method 405, a malformed request 400; then the connection closes. On success it answers
 * {@code HTTP/1.1 200 Connection established} and relays.
 */
public final class RecordingHttpConnectProxy extends RecordingProxy {
    private static final int MAX_HEAD = 16 * 1024;
    private static final Pattern AUTHORITY = Pattern.compile("(\\[([0-9A-Fa-f:.]+)]|[^\\[\\]:/\\s]+):(\\d{1,5})");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private RecordingHttpConnectProxy(Vertx vertx, String username, String password) {
        super(vertx, username, password);
    }

    /** No authentication, on {@code vertx}; blocks until listening. */
    public static RecordingHttpConnectProxy start(Vertx vertx) {
        return started(new RecordingHttpConnectProxy(vertx, null, null));
    }

    /** Basic {@code Proxy-Authorization} with these credentials required, on {@code vertx}; blocks until listening. */
    public static RecordingHttpConnectProxy start(Vertx vertx, String username, String password) {
        return started(new RecordingHttpConnectProxy(vertx, username, password));
    }


    private static RecordingHttpConnectProxy started(RecordingHttpConnectProxy proxy) {
        proxy.listen();
        return proxy;
    }

    @Override
    public RecordingHttpConnectProxy mapHost(String name, String address) {
        super.mapHost(name, address);
        return this;
    }

    @Override
    void serve(NetSocket socket, InputShutdown fin) {
        new Session(socket, fin).start();
    }

    /** One client: the request head, then the relay. */
    private final class Session {
        private final NetSocket socket;
        private final InputShutdown fin;
        private boolean headDone;
        /** The head as it arrives; after it, the bytes to send the target first. */
        private Buffer pending = Buffer.buffer();

        Session(NetSocket socket, InputShutdown fin) {
            this.socket = socket;
            this.fin = fin;
        }

        void start() {
            fin.handler(v -> {
                if (!headDone) {
                    socket.close(); // the head can never complete
                }
            });
            socket.handler(this::onData);
        }

        private void onData(Buffer data) {
            pending.appendBuffer(data);
            if (headDone) {
                return; // slipped past pause() while connecting: sent to the target first
            }
            int end = pending.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
            if (end < 0) {
                if (pending.length() > MAX_HEAD) {
                    respond("431 Request Header Fields Too Large");
                }
                return;
            }
            headDone = true;
            String[] lines = pending.getString(0, end, "ISO-8859-1").split("\r\n");
            pending = pending.getBuffer(end + 4, pending.length());
            onHead(lines);
        }

        private void onHead(String[] lines) {
            String[] requestLine = lines[0].split(" ", -1);
            if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
                respond("400 Bad Request");
                return;
            }
            if (!requestLine[0].equals("CONNECT")) {
                respond("405 Method Not Allowed", "Allow: CONNECT");
                return;
            }
            Matcher authority = AUTHORITY.matcher(requestLine[1]);
            int port = authority.matches() ? Integer.parseInt(authority.group(3)) : 0;
            if (port < 1 || port > 65535) {
                respond("400 Bad Request");
                return;
            }
            if (authenticationRequired() && !authorized(lines)) {
                respond("407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"recording-proxy\"");
                return;
            }
            record(requestLine[1]);
            boolean ipv6 = authority.group(2) != null;
            String host = ipv6 ? authority.group(2) : authority.group(1);
            socket.pause(); // the rest (data, FIN) waits for the target
            connect(host, port, ipv6 || IPV4.matcher(host).matches()).onComplete(this::onConnected);
        }

        private boolean authorized(String[] lines) {
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0 || !lines[i].substring(0, colon).trim().equalsIgnoreCase("Proxy-Authorization")) {
                    continue;
                }
                String[] value = lines[i].substring(colon + 1).trim().split("\\s+", 2);
                if (value.length != 2 || !value[0].toLowerCase(Locale.ROOT).equals("basic")) {
                    return false;
                }
                String pair;
                try {
                    pair = new String(Base64.getDecoder().decode(value[1].trim()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return false;
                }
                int separator = pair.indexOf(':');
                return separator >= 0 && credentialsMatch(pair.substring(0, separator), pair.substring(separator + 1));
            }
            return false;
        }

        private void onConnected(AsyncResult<ProxyRelay.Peer> result) {
            if (!isOpen(socket)) { // the client went away meanwhile
                if (result.succeeded()) {
                    result.result().socket().close();
                }
                return;
            }
            if (result.failed()) {
                respond("502 Bad Gateway");
                return;
            }
            socket.write(Buffer.buffer("HTTP/1.1 200 Connection established\r\n\r\n", "ISO-8859-1"));
            Buffer first = pending;
            pending = Buffer.buffer();
            ProxyRelay.start(new ProxyRelay.Peer(socket, fin), result.result(), first);
        }

        /** A bodiless response, then the close. */
        private void respond(String status, String... headers) {
            headDone = true;
            StringBuilder response = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
            for (String header : headers) {
                response.append(header).append("\r\n");
            }
            response.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
            socket.write(Buffer.buffer(response.toString(), "ISO-8859-1"));
            socket.close();
        }
    }
}
