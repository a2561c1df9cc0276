package alknet.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Tells whether something listens on a local TCP port WITHOUT connecting to it (reads /proc/net/tcp
 * and tcp6), so waiting for an {@code -L} listener never opens a tunnel to the target and never
 * shows up in a SinkServer's connection count.
 */
public final class ListeningPorts {
    private static final String LISTEN_STATE = "0A";

    private ListeningPorts() {}

    /** True when some socket on this host is in LISTEN state on {@code port} (any local address). */
    public static boolean isListening(int port) {
        Boolean fromProc = listeningPerProc(port);
        if (fromProc != null) {
            return fromProc;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Polls until {@code port} is listening. {@code deathNotice} is asked on every poll: a non-null
     * answer (for example "ssh exited: ...") fails the wait at once with that text.
     */
    public static void await(int port, Duration timeout, Supplier<String> deathNotice) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (isListening(port)) {
                return;
            }
            String notice = deathNotice.get();
            if (notice != null) {
                throw new AssertionError("port " + port + " never listened: " + notice);
            }
            if (System.nanoTime() > deadline) {
                String late = deathNotice.get();
                throw new AssertionError("port " + port + " not listening after " + timeout
                        + (late == null ? "" : ": " + late));
            }
            Pause.millis(25);
        }
    }

    private static Boolean listeningPerProc(int port) {
        boolean readable = false;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue;
            }
            readable = true;
            for (int i = 1; i < lines.size(); i++) {
                String[] fields = lines.get(i).trim().split("\\s+");
                if (fields.length < 4 || !LISTEN_STATE.equals(fields[3])) {
                    continue;
                }
                String local = fields[1];
                int localPort = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
                if (localPort == port) {
                    return true;
                }
            }
        }
        return readable ? Boolean.FALSE : null;
    }
}
