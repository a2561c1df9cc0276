package alknet.testsupport;

import alknet.transport.SocketHalfClose.InputShutdown;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SOCKS5 CONNECT proxy (RFC 1928; RFC 1929 username/password when started with credentials) on 127.0.0.1,
 * written independently of alknet's SOCKS5 server, that records every CONNECT target exactly as received
 * ({@code example.test:80}, {@code 127.0.0.1:5000}, {@code [::1]:5000}) with its address type. Domain names are
 * resolved only through {@link #mapHost}; an unmapped name gets reply 0x04 (host unreachable). A refused target
 * gets 0x05, any other connect failure 0x01. Malformed input closes that connection only.
 */
public final class RecordingSocks5Proxy extends RecordingProxy {
    /** The ATYP of a CONNECT request. */
    public enum AddressType { IPV4, DOMAIN, IPV6 }

    /** One CONNECT request: the target as received and how it was addressed. */
    public record Request(String target, AddressType addressType) {}

    private final List<Request> typedRequests = new CopyOnWriteArrayList<>();

    private RecordingSocks5Proxy(Vertx vertx, String username, String password) {
        super(vertx, username, password);
    }

    /** No authentication (method 0x00 only), on {@code vertx}; blocks until listening. */
    public static RecordingSocks5Proxy start(Vertx vertx) {
        return started(new RecordingSocks5Proxy(vertx, null, null));
    }

    /** Username/password required (method 0x02 only), on {@code vertx}; blocks until listening. */
    public static RecordingSocks5Proxy start(Vertx vertx, String username, String password) {
        return started(new RecordingSocks5Proxy(vertx, username, password));
    }


    private static RecordingSocks5Proxy started(RecordingSocks5Proxy proxy) {
        proxy.listen();
        return proxy;
    }

    @Override
    public RecordingSocks5Proxy mapHost(String name, String address) {
        super.mapHost(name, address);
        return this;
    }

    /** Every CONNECT request with its address type, in order. */
    public List<Request> typedRequests() {
        return List.copyOf(typedRequests);
    }

    @Override
    void serve(NetSocket socket, InputShutdown fin) {
        new Session(socket, fin).start();
    }

    /** One client: greeting, optional RFC 1929 sub-negotiation, CONNECT request, then the relay. */
    private final class Session {
        private enum Phase { GREETING, AUTH, REQUEST, CONNECTING, DONE }

        private final NetSocket socket;
        private final InputShutdown fin;
        private Phase phase = Phase.GREETING;
        /** Bytes received and not yet consumed; while CONNECTING, the bytes to send the target first. */
        private Buffer pending = Buffer.buffer();

        Session(NetSocket socket, InputShutdown fin) {
            this.socket = socket;
            this.fin = fin;
        }

        void start() {
            fin.handler(v -> {
                if (phase != Phase.CONNECTING && phase != Phase.DONE) {
                    fail(); // the handshake can never complete
                }
            });
            socket.handler(this::onData);
        }

        private void onData(Buffer data) {
            if (phase == Phase.DONE) {
                return;
            }
            pending.appendBuffer(data);
            boolean progress = true;
            while (progress) {
                progress = switch (phase) {
                    case GREETING -> readGreeting();
                    case AUTH -> readAuth();
                    case REQUEST -> readRequest();
                    case CONNECTING, DONE -> false;
                };
            }
        }

        /** VER NMETHODS METHODS; true when consumed. */
        private boolean readGreeting() {
            if (has(1) && at(0) != 5) {
                return fail();
            }
            if (!has(2) || !has(2 + at(1))) {
                return false;
            }
            int wanted = authenticationRequired() ? 0x02 : 0x00;
            boolean offered = false;
            for (int i = 0; i < at(1); i++) {
                offered |= at(2 + i) == wanted;
            }
            consume(2 + at(1));
            if (!offered) {
                return fail(0x05, 0xFF);
            }
            socket.write(bytes(0x05, wanted));
            phase = wanted == 0x02 ? Phase.AUTH : Phase.REQUEST;
            return true;
        }

        /** RFC 1929: VER=1 ULEN UNAME PLEN PASSWD; a wrong pair gets status 0x01 and the close. */
        private boolean readAuth() {
            if (has(1) && at(0) != 1) {
                return fail();
            }
            if (!has(2) || !has(3 + at(1)) || !has(3 + at(1) + at(2 + at(1)))) {
                return false;
            }
            int userLength = at(1);
            int passwordLength = at(2 + userLength);
            String user = text(2, userLength);
            String password = text(3 + userLength, passwordLength);
            consume(3 + userLength + passwordLength);
            if (!credentialsMatch(user, password)) {
                return fail(0x01, 0x01);
            }
            socket.write(bytes(0x01, 0x00));
            phase = Phase.REQUEST;
            return true;
        }

        /** VER CMD RSV ATYP DST.ADDR DST.PORT; only CONNECT is served. */
        private boolean readRequest() {
            if (has(1) && at(0) != 5) {
                return fail();
            }
            if (!has(4)) {
                return false;
            }
            int addressLength;
            switch (at(3)) {
                case 0x01 -> addressLength = 4;
                case 0x04 -> addressLength = 16;
                case 0x03 -> {
                    if (!has(5)) {
                        return false;
                    }
                    addressLength = 1 + at(4);
                }
                default -> {
                    return fail(reply(0x08));
                }
            }
            if (!has(4 + addressLength + 2)) {
                return false;
            }
            if (at(1) != 0x01) {
                return fail(reply(0x07));
            }
            int port = pending.getUnsignedShort(4 + addressLength);
            AddressType type = at(3) == 0x01 ? AddressType.IPV4 : at(3) == 0x04 ? AddressType.IPV6 : AddressType.DOMAIN;
            String host = switch (type) {
                case IPV4 -> at(4) + "." + at(5) + "." + at(6) + "." + at(7);
                case IPV6 -> ipv6Text(pending.getBytes(4, 20));
                case DOMAIN -> text(5, addressLength - 1);
            };
            consume(4 + addressLength + 2);
            String target = type == AddressType.IPV6 ? "[" + host + "]:" + port : host + ":" + port;
            record(target);
            typedRequests.add(new Request(target, type));
            phase = Phase.CONNECTING;
            socket.pause(); // the rest (pipelined data, FIN) waits for the target
            connect(host, port, type != AddressType.DOMAIN).onComplete(this::onConnected);
            return false;
        }

        private void onConnected(AsyncResult<ProxyRelay.Peer> result) {
            if (phase != Phase.CONNECTING || !isOpen(socket)) { // the client went away meanwhile
                phase = Phase.DONE;
                if (result.succeeded()) {
                    result.result().socket().close();
                }
                return;
            }
            phase = Phase.DONE;
            if (result.failed()) {
                Throwable cause = result.cause();
                int code = cause instanceof UnknownHostException ? 0x04 : cause instanceof ConnectException ? 0x05 : 0x01;
                socket.write(reply(code));
                socket.close();
                return;
            }
            socket.write(reply(0x00));
            Buffer first = pending;
            pending = Buffer.buffer();
            ProxyRelay.start(new ProxyRelay.Peer(socket, fin), result.result(), first);
        }

        private boolean fail(Buffer... lastWords) {
            phase = Phase.DONE;
            pending = Buffer.buffer();
            for (Buffer words : lastWords) {
                socket.write(words);
            }
            socket.close();
            return false;
        }

        private boolean fail(int first, int second) {
            return fail(bytes(first, second));
        }

        private boolean has(int count) {
            return pending.length() >= count;
        }

        private int at(int index) {
            return pending.getUnsignedByte(index);
        }

        private String text(int offset, int length) {
            return pending.getString(offset, offset + length, StandardCharsets.UTF_8.name());
        }

        private void consume(int count) {
            pending = pending.getBuffer(count, pending.length());
        }
    }

    /** VER REP RSV ATYP=IPv4 0.0.0.0:0. */
    private static Buffer reply(int code) {
        return Buffer.buffer(new byte[] {5, (byte) code, 0, 1, 0, 0, 0, 0, 0, 0});
    }

    /** RFC 5952 text of 16 address bytes: lower-case hex groups, the longest run of 2+ zero groups as "::". */
    static String ipv6Text(byte[] address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0, run = 0; i < 8; i++) {
            run = groups[i] == 0 ? run + 1 : 0;
            if (run > bestLength) {
                bestLength = run;
                bestStart = i - run + 1;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    private static Buffer bytes(int first, int second) {
        return Buffer.buffer(new byte[] {(byte) first, (byte) second});
    }
}
