package alknet.e2e;

import alknet.testsupport.LogCollector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Raw-socket SSH helpers for the limit tests: read the server's identification line, wait for a log line. */
final class RawSsh {
    private RawSsh() {}

    /** Reads the server's identification line (up to CR LF); fails if the connection closes or stays silent. */
    static String readBanner(Socket socket) throws IOException {
        String banner = tryReadBanner(socket);
        if (banner == null) {
            throw new AssertionError("no SSH identification line from the server");
        }
        return banner;
    }

    /** The identification line, or null when the peer closes or sends nothing within the read timeout. */
    static String tryReadBanner(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (line.size() < 255) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.US_ASCII).strip();
                    if (text.startsWith("SSH-")) {
                        return text;
                    }
                    line.reset();
                    continue;
                }
                line.write(b);
            }
            return null;
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            if (socket.isClosed()) {
                throw e;
            }
            return null; // reset by peer
        }
    }

    /** Waits until a log line since {@code mark} contains {@code text}; returns it. */
    static String awaitLogLine(int mark, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : LogCollector.linesSince(mark)) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line containing '" + text + "' within " + timeout + "; lines:\n"
                        + String.join("\n", LogCollector.linesSince(mark)));
            }
            Thread.sleep(20);
        }
    }
}
