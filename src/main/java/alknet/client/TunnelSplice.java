package alknet.client;

import alknet.transport.SocketHalfClose;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;

/**
 * Copies bytes both ways between a local socket (a SOCKS5 or -L client) and a tunnel, with back-pressure
 * (pause the reader while the writer's queue is full) and half-close (EOF on one side shuts the write side
 * of the other; both EOFs close everything).
 */
public final class TunnelSplice {
    private final NetSocket local;
    private final TunnelStream tunnel;
    private boolean localPausedForTunnel;
    private boolean localInputEnded;
    private boolean tunnelInputEnded;
    private boolean closed;

    private TunnelSplice(NetSocket local, TunnelStream tunnel) {
        this.local = local;
        this.tunnel = tunnel;
    }

    /** Starts copying. The local socket must have half-close enabled by the caller before any bytes were read. */
    public static void splice(NetSocket local, TunnelStream tunnel) {
        new TunnelSplice(local, tunnel).start();
    }

    private void start() {
        local.handler(data -> {
            tunnel.write(data);
            if (tunnel.writeQueueFull()) {
                localPausedForTunnel = true;
                local.pause();
                tunnel.drainHandler(v -> resumeLocal());
            }
        });
        local.endHandler(v -> closeBoth());
        local.exceptionHandler(e -> closeBoth());
        local.closeHandler(v -> closeBoth());
        SocketHalfClose.enable(local, v -> onLocalInputShutdown());

        tunnel.handler(data -> {
            local.write(data);
            if (local.writeQueueFull()) {
                tunnel.pause();
                local.drainHandler(v -> tunnel.resume());
            }
        });
        tunnel.endHandler(v -> {
            tunnelInputEnded = true;
            SocketHalfClose.shutdownOutput(local).onComplete(r -> closeIfBothEnded());
        });
        tunnel.exceptionHandler(e -> closeBoth());
        tunnel.closeHandler(v -> closeBoth());
        local.resume();
        tunnel.resume();
    }

    private void resumeLocal() {
        localPausedForTunnel = false;
        local.resume();
    }

    private void onLocalInputShutdown() {
        // Bytes Vert.x queued while we had the socket paused are delivered on resume: send EOF after them.
        Vertx.currentContext().runOnContext(v -> {
            if (localPausedForTunnel) {
                tunnel.drainHandler(d -> {
                    resumeLocal();
                    Vertx.currentContext().runOnContext(x -> endTunnel());
                });
            } else {
                endTunnel();
            }
        });
    }

    private void endTunnel() {
        localInputEnded = true;
        tunnel.end();
        closeIfBothEnded();
    }

    private void closeIfBothEnded() {
        if (localInputEnded && tunnelInputEnded) {
            closeBoth();
        }
    }

    private void closeBoth() {
        if (closed) {
            return;
        }
        closed = true;
        tunnel.close();
        local.close();
    }
}
