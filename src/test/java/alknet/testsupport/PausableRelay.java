package alknet.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay from a 127.0.0.1 port to a target port whose target-to-client direction can be paused: it then stops
 * reading from the target, and since its receive buffer towards the target is small and fixed, the target's sends
 * stall within a few kilobytes, like a peer that has stopped reading.
 */
public final class PausableRelay implements AutoCloseable {
    private static final int SMALL_RECEIVE_BUFFER = 8 * 1024;

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean paused;

    private PausableRelay(int targetPort) throws IOException {
        this.listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
    }

    /** Relays every connection to 127.0.0.1:{@code targetPort}. */
    public static PausableRelay to(int targetPort) {
        try {
            PausableRelay relay = new PausableRelay(targetPort);
            daemon("relay accept " + relay.port(), relay::acceptLoop);
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Stops reading from the target (the client side still sends to it). */
    public void pauseTargetToClient() {
        paused = true;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket target = new Socket();
                target.setReceiveBufferSize(SMALL_RECEIVE_BUFFER); // before connect, so the kernel does not grow it
                target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                sockets.add(client);
                sockets.add(target);
                daemon("relay up " + client.getPort(), () -> pump(client, target, false));
                daemon("relay down " + client.getPort(), () -> pump(target, client, true));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean pausable) {
        byte[] buffer = new byte[SMALL_RECEIVE_BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                while (pausable && paused && !from.isClosed()) {
                    Pause.millis(20);
                }
                int n = in.read(buffer);
                if (n < 0) {
                    to.shutdownOutput();
                    return;
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // one side closed: the other pump ends too once close() or the peer closes
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
