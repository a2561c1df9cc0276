package alknet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks loopback TCP ports that are free right now, for processes that must be told a port on the
 * command line. A port is never handed out twice in one JVM; another process may still take it
 * before it is bound, so fixtures that start servers retry on "address in use".
 */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A port that is free on 127.0.0.1 at this moment. */
    public static int pick() {
        return pick(1)[0];
    }

    /** {@code count} distinct free ports (all held open together while choosing, so they differ). */
    public static int[] pick(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            int found = 0;
            for (int attempt = 0; found < count && attempt < count + 100; attempt++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    ports[found++] = socket.getLocalPort();
                }
            }
            if (found < count) {
                throw new IllegalStateException("could not find " + count + " unused loopback ports");
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    /**
     * A port {@code p} such that {@code p} and {@code p + 1} are both free now (a cluster member port and the event
     * bus beside it). Picked from the top of the ephemeral range downwards, away from ports the OS hands out first.
     */
    public static int pickPair() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = 20_000 + (int) (Math.random() * 12_000);
            if (!HANDED_OUT.contains(p) && !HANDED_OUT.contains(p + 1) && free(p) && free(p + 1)
                    && HANDED_OUT.add(p) && HANDED_OUT.add(p + 1)) {
                return p;
            }
        }
        throw new IllegalStateException("could not find two adjacent unused loopback ports");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
