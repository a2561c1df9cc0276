package alknet.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;

/** Writes zeros to every connection as fast as it can, until the peer goes away: a source that never runs dry. */
public final class FloodServer extends LoopbackServer {
    private FloodServer() {
        super("flood", InetAddress.getLoopbackAddress(), 0);
    }

    /** Starts on 127.0.0.1, on a destination port. */
    public static FloodServer start() {
        FloodServer server = new FloodServer();
        server.startAccepting();
        return server;
    }

    @Override
    protected void handle(Socket socket) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        OutputStream out = socket.getOutputStream();
        while (!isClosed()) {
            out.write(chunk);
        }
    }
}
