package alknet.client.socks;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Builds client-side SOCKS5 messages byte by byte, independently of the code under test. */
final class Socks5Bytes {
    static final int CONNECT = 0x01;
    static final int BIND = 0x02;
    static final int UDP_ASSOCIATE = 0x03;

    private Socks5Bytes() {}

    static byte[] greeting(int... methods) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(5);
        out.write(methods.length);
        for (int method : methods) {
            out.write(method);
        }
        return out.toByteArray();
    }

    static byte[] auth(String username, String password) {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        byte[] pass = password.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {1, (byte) user.length}, user, new byte[] {(byte) pass.length}, pass);
    }

    static byte[] request(int command, int addressType, byte[] address, int port) {
        return concat(new byte[] {5, (byte) command, 0, (byte) addressType}, address,
                new byte[] {(byte) (port >> 8), (byte) port});
    }

    static byte[] connectIp(String literal, int port) {
        byte[] address = ip(literal);
        return request(CONNECT, address.length == 4 ? 0x01 : 0x04, address, port);
    }

    static byte[] connectDomain(String name, int port) {
        byte[] text = name.getBytes(StandardCharsets.UTF_8);
        return request(CONNECT, 0x03, concat(new byte[] {(byte) text.length}, text), port);
    }

    static byte[] reply(int code) {
        return new byte[] {5, (byte) code, 0, 1, 0, 0, 0, 0, 0, 0};
    }

    static byte[] ip(String literal) {
        try {
            byte[] address = InetAddress.getByName(literal).getAddress();
            if (literal.contains(":") && address.length == 4) {
                throw new IllegalArgumentException("use a non-mapped IPv6 literal in tests");
            }
            return address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
