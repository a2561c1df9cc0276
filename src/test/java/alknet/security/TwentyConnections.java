package alknet.security;

import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "The original listener keeps serving every connection": twenty fresh TCP connections to one port, each checked.
 * If a second bind had joined the listener (Vert.x shares one server among binds of an address), about half of them
 * would land on the intruder instead.
 */
final class TwentyConnections {
    static final int COUNT = 20;

    private TwentyConnections() {}

    /** Each connection reads exactly {@code expected} as the SSH identification line. */
    static void allGetTheBanner(int port, String expected) throws IOException {
        for (int i = 0; i < COUNT; i++) {
            try (Socket s = Sockets.connect(port)) {
                assertThat(firstLine(s)).as("identification line on connection %d of %d", i + 1, COUNT)
                        .isEqualTo(expected);
            }
        }
    }

    /** Each connection gets an HTTP 200 for {@code GET path}. */
    static void allGetHttp200(int port, String path) throws IOException {
        for (int i = 0; i < COUNT; i++) {
            try (Socket s = Sockets.connect(port)) {
                OutputStream out = s.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(firstLine(s)).as("status line on connection %d of %d", i + 1, COUNT)
                        .startsWith("HTTP/1.1 200");
            }
        }
    }

    /** Each connection echoes 16 KiB back byte for byte (half-close included). */
    static void allEcho(int port) throws IOException {
        for (int i = 0; i < COUNT; i++) {
            byte[] payload = Payloads.random(16 * 1024, 1000 + i);
            try (Socket s = Sockets.connect(port)) {
                byte[] back = Sockets.exchange(s, payload, Duration.ofSeconds(10));
                assertThat(Payloads.sha256Hex(back)).as("echo on connection %d of %d", i + 1, COUNT)
                        .isEqualTo(Payloads.sha256Hex(payload));
            }
        }
    }

    /** The first line (up to LF, without CR) the peer sends; fails on EOF first. */
    static String firstLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed before a full line; got '"
                        + line.toString(StandardCharsets.US_ASCII) + "'");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
