package alknet.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of a server that can drop one connection with a reset (SO_LINGER 0): the server sees an RST,
 * no SSH disconnect and no FIN, as when a client's machine vanishes. Clients connect to {@link #port()}; a connection
 * is named by the client's local port.
 */
final class ResettingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final Map<Integer, Socket[]> byClientPort = new ConcurrentHashMap<>();
    private final Thread acceptor;

    ResettingRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "resetting-relay accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress("127.0.0.1", targetPort), 5_000);
                byClientPort.put(client.getPort(), new Socket[] {client, upstream});
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                }
                to.shutdownOutput();
            } catch (IOException closed) {
                // reset or closed by the other pump
            }
        }, "resetting-relay pump");
        t.setDaemon(true);
        t.start();
    }

    /** Resets the upstream connection of the client whose local port is {@code clientPort}, and closes its side. */
    void reset(int clientPort) throws IOException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        Socket[] pair;
        while ((pair = byClientPort.remove(clientPort)) == null) { // the client may be connected before we relay
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no relayed connection from port " + clientPort);
            }
            Thread.onSpinWait();
        }
        if (pair[1].isClosed()) {
            throw new IllegalStateException("the relayed connection from port " + clientPort
                    + " had already ended before the reset");
        }
        pair[1].setSoLinger(true, 0);
        pair[1].close();
        pair[0].close();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket[] pair : byClientPort.values()) {
            pair[0].close();
            pair[1].close();
        }
        byClientPort.clear();
    }
}
