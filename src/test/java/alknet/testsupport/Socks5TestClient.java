package alknet.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A minimal blocking SOCKS5 client (RFC 1928, RFC 1929 user/password) on java.net.Socket, written
 * independently of alknet's server side. Besides the happy path it can write the handshake one
 * byte at a time, pipeline data before the reply, and build raw messages for malformed-input tests.
 */
public final class Socks5TestClient {
    public static final int VERSION = 5;
    public static final int METHOD_NO_AUTH = 0x00;
    public static final int METHOD_USER_PASSWORD = 0x02;
    public static final int METHOD_NO_ACCEPTABLE = 0xFF;
    public static final int CMD_CONNECT = 1;
    public static final int CMD_BIND = 2;
    public static final int CMD_UDP_ASSOCIATE = 3;
    public static final int ATYP_IPV4 = 1;
    public static final int ATYP_DOMAIN = 3;
    public static final int ATYP_IPV6 = 4;
    public static final int REPLY_SUCCEEDED = 0x00;
    public static final int REPLY_GENERAL_FAILURE = 0x01;
    public static final int REPLY_NOT_ALLOWED = 0x02;
    public static final int REPLY_NETWORK_UNREACHABLE = 0x03;
    public static final int REPLY_HOST_UNREACHABLE = 0x04;
    public static final int REPLY_CONNECTION_REFUSED = 0x05;
    public static final int REPLY_TTL_EXPIRED = 0x06;
    public static final int REPLY_COMMAND_NOT_SUPPORTED = 0x07;
    public static final int REPLY_ADDRESS_TYPE_NOT_SUPPORTED = 0x08;

    /** How a handshake ended. */
    public enum Outcome {
        /** Reply 0x00; the socket is the tunnel. */
        SUCCEEDED,
        /** The server replied to the request with a non-zero code ({@link Result#code}). */
        REPLY_FAILURE,
        /** The server chose method 0xFF. */
        NO_ACCEPTABLE_METHOD,
        /** RFC 1929 status non-zero ({@link Result#code}). */
        AUTH_FAILED,
        /** The server closed the connection before answering. */
        CLOSED_WITHOUT_REPLY
    }

    /**
     * Result of {@link #attempt}: on SUCCEEDED {@code socket} is connected through the proxy (read
     * timeout still set), otherwise it is null and the connection is closed. {@code code} is the
     * reply code, the auth status, 0xFF, or -1 for CLOSED_WITHOUT_REPLY.
     */
    public record Result(Outcome outcome, int code, InetSocketAddress boundAddress, Socket socket) {
        public boolean succeeded() {
            return outcome == Outcome.SUCCEEDED;
        }
    }

    /** A CONNECT reply as sent by the server: code and BND.ADDR/BND.PORT. */
    public record Reply(int code, InetSocketAddress boundAddress) {}

    /** Thrown by {@link #connect} when the handshake did not succeed; carries the {@link Result}. */
    public static final class Socks5Exception extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Result result;

        Socks5Exception(Result result) {
            super("SOCKS5 handshake failed: " + result.outcome() + " code=" + result.code());
            this.result = result;
        }

        public Result result() {
            return result;
        }
    }

    private final InetSocketAddress proxy;
    private String user;
    private String password;
    private Duration timeout = Duration.ofSeconds(10);
    private boolean oneByteWrites;
    private byte[] pipelinedData;

    private Socks5TestClient(InetSocketAddress proxy) {
        this.proxy = proxy;
    }

    /** A client for the SOCKS5 server on 127.0.0.1:{@code proxyPort}, no-auth. */
    public static Socks5TestClient to(int proxyPort) {
        return to(new InetSocketAddress("127.0.0.1", proxyPort));
    }

    public static Socks5TestClient to(InetSocketAddress proxy) {
        return new Socks5TestClient(proxy);
    }

    /** Offer only username/password (method 0x02) with these credentials. */
    public Socks5TestClient userPassword(String user, String password) {
        this.user = user;
        this.password = password;
        return this;
    }

    /** Connect and read timeout (default 10 s); stays set on the returned socket. */
    public Socks5TestClient timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Send every handshake byte in its own TCP write (with NODELAY and a pause between). */
    public Socks5TestClient oneByteWrites() {
        this.oneByteWrites = true;
        return this;
    }

    /**
     * Send greeting, CONNECT request and {@code data} in one write before reading any reply (no-auth
     * only): the server must forward {@code data} once connected.
     */
    public Socks5TestClient pipelined(byte[] data) {
        this.pipelinedData = data.clone();
        return this;
    }

    /** CONNECT to a domain name (ATYP 3, sent unresolved); throws Socks5Exception unless it succeeded. */
    public Socket connect(String host, int port) throws IOException {
        return requireSuccess(attempt(host, port));
    }

    /** CONNECT to an IP (ATYP 1 or 4 by address family); throws Socks5Exception unless it succeeded. */
    public Socket connect(InetAddress address, int port) throws IOException {
        return requireSuccess(attempt(address, port));
    }

    public Result attempt(String host, int port) throws IOException {
        return attempt(connectRequest(host, port));
    }

    public Result attempt(InetAddress address, int port) throws IOException {
        return attempt(connectRequest(address, port));
    }

    /** Any request, e.g. {@code request(CMD_BIND, ATYP_IPV4, ...)} or a bad ATYP, after the normal greeting. */
    public Result attempt(byte[] request) throws IOException {
        Socket socket = openRaw();
        boolean keep = false;
        try {
            Result result = handshake(socket, request);
            keep = result.succeeded();
            return result;
        } catch (EOFException | SocketException e) {
            // EOF or reset before a complete answer
            return new Result(Outcome.CLOSED_WITHOUT_REPLY, -1, null, null);
        } finally {
            if (!keep) {
                socket.close();
            }
        }
    }

    private Result handshake(Socket socket, byte[] request) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        boolean auth = user != null;
        byte[] greeting = greeting(auth ? METHOD_USER_PASSWORD : METHOD_NO_AUTH);
        if (pipelinedData != null && !auth) {
            write(socket, concat(greeting, request, pipelinedData));
        } else {
            write(socket, greeting);
        }
        int version = in.readUnsignedByte();
        int method = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("server answered greeting with version " + version);
        }
        if (method == METHOD_NO_ACCEPTABLE) {
            return new Result(Outcome.NO_ACCEPTABLE_METHOD, METHOD_NO_ACCEPTABLE, null, null);
        }
        if (method == METHOD_USER_PASSWORD) {
            if (!auth) {
                throw new IOException("server chose user/password although only no-auth was offered");
            }
            write(socket, userPasswordRequest(user, password));
            in.readUnsignedByte(); // sub-negotiation version 1
            int status = in.readUnsignedByte();
            if (status != 0) {
                return new Result(Outcome.AUTH_FAILED, status, null, null);
            }
        } else if (method != METHOD_NO_AUTH || auth) {
            throw new IOException("server chose unexpected method " + method);
        }
        if (pipelinedData == null || auth) {
            write(socket, request);
            if (pipelinedData != null) {
                write(socket, pipelinedData);
            }
        }
        Reply reply = readReply(in);
        if (reply.code() != REPLY_SUCCEEDED) {
            return new Result(Outcome.REPLY_FAILURE, reply.code(), reply.boundAddress(), null);
        }
        return new Result(Outcome.SUCCEEDED, REPLY_SUCCEEDED, reply.boundAddress(), socket);
    }

    private static Socket requireSuccess(Result result) throws Socks5Exception {
        if (!result.succeeded()) {
            throw new Socks5Exception(result);
        }
        return result.socket();
    }

    /** A plain TCP connection to the proxy (timeouts set, NODELAY), for writing arbitrary bytes. */
    public Socket openRaw() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(proxy, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private void write(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        if (!oneByteWrites) {
            out.write(bytes);
            out.flush();
            return;
        }
        for (byte b : bytes) {
            out.write(b);
            out.flush();
            Pause.millis(2);
        }
    }

    /** Greeting: VER, NMETHODS, METHODS. */
    public static byte[] greeting(int... methods) {
        byte[] bytes = new byte[2 + methods.length];
        bytes[0] = VERSION;
        bytes[1] = (byte) methods.length;
        for (int i = 0; i < methods.length; i++) {
            bytes[2 + i] = (byte) methods[i];
        }
        return bytes;
    }

    /** RFC 1929 request: VER 1, ULEN, UNAME, PLEN, PASSWD. */
    public static byte[] userPasswordRequest(String user, String password) {
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {1, (byte) u.length}, u, new byte[] {(byte) p.length}, p);
    }

    /** CONNECT with ATYP domain (the name is sent as given, unresolved). */
    public static byte[] connectRequest(String host, int port) {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        return request(CMD_CONNECT, ATYP_DOMAIN, concat(new byte[] {(byte) name.length}, name), port);
    }

    /** CONNECT with ATYP IPv4 or IPv6. */
    public static byte[] connectRequest(InetAddress address, int port) {
        int atyp = address instanceof Inet4Address ? ATYP_IPV4 : ATYP_IPV6;
        return request(CMD_CONNECT, atyp, address.getAddress(), port);
    }

    /** VER, CMD, RSV 0, ATYP, then {@code address} bytes verbatim (domain: include the length byte), PORT. */
    public static byte[] request(int command, int addressType, byte[] address, int port) {
        return concat(new byte[] {VERSION, (byte) command, 0, (byte) addressType}, address,
                new byte[] {(byte) (port >> 8), (byte) port});
    }

    /** Reads VER, REP, RSV, ATYP, BND.ADDR, BND.PORT; EOFException if the server closes first. */
    public static Reply readReply(InputStream input) throws IOException {
        DataInputStream in = input instanceof DataInputStream d ? d : new DataInputStream(input);
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("reply version " + version);
        }
        int code = in.readUnsignedByte();
        in.readUnsignedByte(); // RSV
        int atyp = in.readUnsignedByte();
        InetSocketAddress bound;
        switch (atyp) {
            case ATYP_IPV4, ATYP_IPV6 -> {
                byte[] addr = new byte[atyp == ATYP_IPV4 ? 4 : 16];
                in.readFully(addr);
                bound = new InetSocketAddress(InetAddress.getByAddress(addr), in.readUnsignedShort());
            }
            case ATYP_DOMAIN -> {
                byte[] name = new byte[in.readUnsignedByte()];
                in.readFully(name);
                bound = InetSocketAddress.createUnresolved(new String(name, StandardCharsets.US_ASCII),
                        in.readUnsignedShort());
            }
            default -> throw new IOException("reply with address type " + atyp);
        }
        return new Reply(code, bound);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
