package alknet.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base of the small blocking TCP servers (echo, sink, slow reader): a plain java.net accept loop
 * with one thread per connection, independent of the Vert.x code under test.
 */
public abstract class LoopbackServer implements AutoCloseable {
    private final String name;
    private final ServerSocket serverSocket;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private int accepted;
    private volatile boolean closed;

    /** Binds {@code bindAddress} on a destination port; {@code receiveBufferSize} 0 keeps the OS default. */
    protected LoopbackServer(String name, InetAddress bindAddress, int receiveBufferSize) {
        this.name = name;
        serverSocket = DestinationPorts.bind(name, bindAddress, receiveBufferSize);
    }

    /** Starts the accept loop; called by the subclass factory once the subclass is fully built. */
    protected final void startAccepting() {
        Thread acceptor = new Thread(this::acceptLoop, name + " accept " + port());
        acceptor.setDaemon(true);
        synchronized (threads) {
            threads.add(acceptor);
        }
        acceptor.start();
    }

    /** Serves one accepted connection; the base closes the socket afterwards. */
    protected abstract void handle(Socket socket) throws IOException;

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(socket);
            synchronized (this) {
                accepted++;
                notifyAll();
            }
            Thread worker = new Thread(() -> serve(socket), name + " conn " + socket.getPort());
            worker.setDaemon(true);
            synchronized (threads) {
                threads.add(worker);
            }
            worker.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            handle(socket);
        } catch (IOException ignored) {
            // reset by peer or closed by close(); subclasses record what they saw
        } finally {
            open.remove(socket);
        }
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public InetAddress address() {
        return serverSocket.getInetAddress();
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address(), port());
    }

    /** How many connections were accepted so far ("no connection was made" is 0). */
    public synchronized int acceptedConnections() {
        return accepted;
    }

    /** Connections accepted and not yet finished. */
    public int openConnections() {
        return open.size();
    }

    /** Waits until at least {@code count} connections were accepted. */
    public synchronized void awaitAcceptedConnections(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (accepted < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(name + ": " + accepted + " of " + count + " connections after " + timeout);
            }
            waitNanos(left);
        }
    }

    /** Waits on this object's monitor (caller holds it) for at most {@code nanos}. */
    protected final void waitNanos(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops accepting, closes every open connection, waits (bounded) for the threads. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
        List<Thread> all;
        synchronized (threads) {
            all = new ArrayList<>(threads);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (Thread thread : all) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return name + "@" + address().getHostAddress() + ":" + port();
    }
}
