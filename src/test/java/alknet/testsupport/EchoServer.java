package alknet.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;

/**
 * Echoes every byte back. Honours half-close: when the client shuts its output, the rest is echoed
 * and then the server shuts its own output, so EOF propagation through a tunnel can be asserted.
 */
public final class EchoServer extends LoopbackServer {
    private EchoServer(InetAddress bindAddress) {
        super("echo", bindAddress, 0);
    }

    /** Starts on 127.0.0.1, ephemeral port. */
    public static EchoServer start() {
        return start(InetAddress.getLoopbackAddress());
    }

    /** Starts on {@code bindAddress} (e.g. {@code InetAddress.getByName("::1")} for IPv6 tests). */
    public static EchoServer start(InetAddress bindAddress) {
        EchoServer server = new EchoServer(bindAddress);
        server.startAccepting();
        return server;
    }

    @Override
    protected void handle(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
        out.flush();
        socket.shutdownOutput();
    }
}
