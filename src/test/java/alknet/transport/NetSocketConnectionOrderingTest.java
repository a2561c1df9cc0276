package alknet.transport;

import alknet.stream.TransportKind;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader that pauses after every buffer (as MINA does for a forward target) gets every byte before the end of
 * the stream and before a tracked FIN, even when the peer sends a burst and closes at once: Vert.x 5.0.7 alone
 * reports the end ahead of reads it still holds (decisions.md 28).
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetSocketConnectionOrderingTest {
    private static final int SIZE = 2 << 20;

    private Vertx vertx;
    private NetClient client;

    @BeforeAll
    void start() {
        vertx = Vertx.vertx();
        client = vertx.createNetClient();
    }

    @AfterAll
    void stop() {
        vertx.close().await();
    }

    @Test
    void endComesAfterEveryByteOfAPausingReader() throws Exception {
        for (int round = 0; round < 3; round++) {
            assertThat(readUntil(false)).as("bytes delivered before the end handler").isEqualTo(SIZE);
        }
    }

    @Test
    void finComesAfterEveryByteOfAPausingReader() throws Exception {
        for (int round = 0; round < 3; round++) {
            assertThat(readUntil(true)).as("bytes delivered before the FIN").isEqualTo(SIZE);
        }
    }

    /** Connects to a peer that sends SIZE bytes then shuts its output (or closes); returns what was read before. */
    private long readUntil(boolean trackFin) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> serveOnce(server, trackFin));
            CompletableFuture<Long> before = new CompletableFuture<>();
            vertx.runOnContext(v -> client.connect(server.getLocalPort(), "127.0.0.1").onComplete(ar -> {
                if (ar.failed()) {
                    before.completeExceptionally(ar.cause());
                    return;
                }
                NetSocketConnection connection = trackFin
                        ? NetSocketConnection.trackingHalfClose(ar.result(), TransportKind.TCP)
                        : new NetSocketConnection(ar.result(), TransportKind.TCP);
                long[] received = {0};
                connection.handler(data -> {
                    received[0] += data.length();
                    connection.pause();
                    vertx.setTimer(1, t -> connection.resume());
                });
                connection.endHandler(v2 -> before.complete(received[0]));
                if (trackFin) {
                    connection.onInputShutdown(v2 -> {
                        before.complete(received[0]);
                        connection.close();
                    });
                }
                connection.resume();
                connection.write(Buffer.buffer("go"));
            }));
            long got = before.get(30, TimeUnit.SECONDS);
            peer.get(30, TimeUnit.SECONDS);
            return got;
        }
    }

    private static void serveOnce(ServerSocket server, boolean halfClose) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            in.readNBytes(2); // the client is wired up (and tracking its FIN) before anything is sent
            OutputStream out = socket.getOutputStream();
            byte[] chunk = new byte[64 * 1024];
            for (int sent = 0; sent < SIZE; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
                in.read(); // until the client closes
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
