package alknet.client.socks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Echo target for the tests on 127.0.0.1 and ::1 with one port number: echoes until EOF, then half-closes (so
 * the client sees EOF only after every byte came back). Plain threads, far away from any Vert.x event loop.
 */
final class BlockingEchoServer implements AutoCloseable {
    private final List<ServerSocket> listeners = new CopyOnWriteArrayList<>();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final int port;

    BlockingEchoServer() throws IOException {
        this.port = bindBothLoopbacks();
        for (ServerSocket listener : listeners) {
            Thread acceptor = new Thread(() -> acceptLoop(listener), "echo-accept-" + listener.getLocalSocketAddress());
            acceptor.setDaemon(true);
            acceptor.start();
        }
    }

    int port() {
        return port;
    }

    /** Connections accepted so far, on either address. */
    int connections() {
        return connections.get();
    }

    /** Connections whose echo is over: the peer sent EOF or went away. */
    int finishedConnections() {
        return finished.get();
    }

    private int bindBothLoopbacks() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            ServerSocket v4 = new ServerSocket();
            v4.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 200);
            ServerSocket v6 = new ServerSocket();
            try {
                v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), v4.getLocalPort()), 200);
                listeners.add(v4);
                listeners.add(v6);
                return v4.getLocalPort();
            } catch (IOException e) {
                last = e;
                v4.close();
                v6.close();
            }
        }
        throw last;
    }

    private void acceptLoop(ServerSocket listener) {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                connections.incrementAndGet();
                accepted.add(socket);
                Thread echo = new Thread(() -> {
                    echo(socket);
                    finished.incrementAndGet();
                }, "echo");
                echo.setDaemon(true);
                echo.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echo(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            socket.shutdownOutput();
        } catch (IOException e) {
            // the test's client went away; nothing to echo
        }
    }

    @Override
    public void close() throws IOException {
        for (ServerSocket listener : listeners) {
            listener.close();
        }
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
