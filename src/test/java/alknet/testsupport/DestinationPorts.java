package alknet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for tunnel destinations (echo, sink, slow reader) below Linux's ephemeral range (32768-60999): servers
 * under test bind port 0 and so take ephemeral ports, and the run-wide destination check must never mistake a
 * later server's address (a reused ephemeral port, logged as {@code server=127.0.0.1:PORT}) for a destination.
 */
final class DestinationPorts {
    private static final int FIRST = 20_000;
    private static final int COUNT = 12_000;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(COUNT));

    private DestinationPorts() {}

    /** A bound server socket on the next free destination port (ports in use by anything else are skipped). */
    static ServerSocket bind(String name, InetAddress address, int receiveBufferSize) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), COUNT);
            ServerSocket socket = null;
            try {
                socket = new ServerSocket();
                if (receiveBufferSize > 0) {
                    socket.setReceiveBufferSize(receiveBufferSize); // inherited by accepted sockets
                }
                socket.bind(new InetSocketAddress(address, port), 50);
                return socket;
            } catch (BindException taken) {
                closeQuietly(socket);
            } catch (IOException e) {
                closeQuietly(socket);
                throw new UncheckedIOException("cannot bind " + name + " on " + address, e);
            }
        }
        throw new IllegalStateException("no free destination port for " + name + " on " + address);
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // nothing to release
        }
    }
}
