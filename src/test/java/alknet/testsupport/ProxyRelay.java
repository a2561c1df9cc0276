package alknet.testsupport;

import alknet.transport.EofAfterQueuedData;
import alknet.transport.SocketHalfClose;
import alknet.transport.SocketHalfClose.InputShutdown;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * Copies bytes both ways between a proxy's client and its target, like the project's Splice: back-pressure
 * (pause the reader while the writer's queue is full), half-close (a FIN on one side shuts the other side's
 * output once every byte before it was written), and both closed once both directions ended or either socket
 * closed. Runs on the sockets' event loop (a NetClient connect made from the client's handler shares it).
 */
final class ProxyRelay {
    /** A socket with its FIN tracked from before its first read ({@link SocketHalfClose#track}). */
    record Peer(NetSocket socket, InputShutdown fin) {}

    private final NetSocket a;
    private final NetSocket b;
    private int directionsEnded;
    private boolean closed;

    private ProxyRelay(NetSocket a, NetSocket b) {
        this.a = a;
        this.b = b;
    }

    /** Writes {@code firstToTarget} (bytes the client sent behind its request) to the target, then relays. */
    static void start(Peer client, Peer target, Buffer firstToTarget) {
        if (firstToTarget.length() > 0) {
            target.socket().write(firstToTarget);
        }
        ProxyRelay relay = new ProxyRelay(client.socket(), target.socket());
        relay.new Direction(client, target.socket()).start();
        relay.new Direction(target, client.socket()).start();
    }

    private void directionEnded() {
        if (++directionsEnded == 2) {
            closeBoth();
        }
    }

    private void closeBoth() {
        if (!closed) {
            closed = true;
            a.close();
            b.close();
        }
    }

    /** One way: {@code from}'s bytes to {@code to}, then {@code from}'s FIN as {@code to}'s output shutdown. */
    private final class Direction {
        private final NetSocket from;
        private final InputShutdown fin;
        private final NetSocket to;
        private final EofAfterQueuedData eof;
        private boolean pausedForWriter;

        Direction(Peer source, NetSocket to) {
            this.from = source.socket();
            this.fin = source.fin();
            this.to = to;
            this.eof = new EofAfterQueuedData(Vertx.currentContext(), () -> pausedForWriter,
                    () -> SocketHalfClose.shutdownOutput(to).onComplete(r -> directionEnded()));
        }

        void start() {
            from.handler(data -> {
                to.write(data);
                if (to.writeQueueFull()) {
                    pausedForWriter = true;
                    from.pause();
                    to.drainHandler(v -> {
                        pausedForWriter = false;
                        from.resume();
                        eof.resumed();
                    });
                }
            });
            // endHandler, not closeHandler (the proxy's bookkeeping owns that): after every queued byte.
            from.endHandler(v -> closeBoth());
            from.exceptionHandler(e -> closeBoth());
            fin.handler(v -> eof.finArrived());
            from.resume();
            if (fin.isDone()) {
                eof.finArrived();
            }
        }
    }
}
