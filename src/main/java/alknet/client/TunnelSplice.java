package alknet.client;

import alknet.transport.EofAfterQueuedData;
import alknet.transport.SocketHalfClose;
import alknet.transport.SocketHalfClose.InputShutdown;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;

/**
 * Copies bytes both ways between a local socket (a SOCKS5 or -L client) and a tunnel, with back-pressure
 * (pause the reader while the writer's queue is full) and half-close (EOF on one side shuts the write side
 * of the other; both EOFs close everything). No byte the local side sent before its FIN is lost.
 */
public final class TunnelSplice {
    private final NetSocket local;
    private final InputShutdown localFin;
    private final TunnelStream tunnel;
    private final EofAfterQueuedData localEof;
    private boolean localPausedForTunnel;
    private boolean localInputEnded;
    private boolean tunnelInputEnded;
    private boolean closed;

    private TunnelSplice(NetSocket local, InputShutdown localFin, TunnelStream tunnel) {
        this.local = local;
        this.localFin = localFin;
        this.tunnel = tunnel;
        this.localEof = new EofAfterQueuedData(Vertx.currentContext(), () -> localPausedForTunnel, this::localEnded);
    }

    /**
     * Starts copying; call on the local socket's context. {@code localFin} must come from
     * {@link SocketHalfClose#track} called at accept time; the socket should be paused until now.
     */
    public static void splice(NetSocket local, InputShutdown localFin, TunnelStream tunnel) {
        new TunnelSplice(local, localFin, tunnel).start();
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
        // endHandler, not closeHandler: it comes after every queued byte was delivered.
        local.endHandler(v -> closeBoth());
        local.exceptionHandler(e -> closeBoth());
        localFin.handler(v -> localEof.finArrived());

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
        if (localFin.isDone()) {
            localEof.finArrived();
        }
    }

    private void resumeLocal() {
        localPausedForTunnel = false;
        local.resume();
        localEof.resumed();
    }

    private void localEnded() {
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
