package alknet.stream;

/**
 * Copies bytes both ways between two connections on one event loop (a tunnel channel and a socket, 10-tunnel.md
 * section 3): back-pressure (a reader is paused while the other side's write queue is full), half-close (one side's
 * FIN or EOF shuts the other's output down after the data before it), and one close of both when both inputs ended,
 * when either side closes, or on an error. No byte read before a FIN is lost: every connection delivers its FIN and
 * its end in order with its data.
 */
public final class Splice {
    private final DuplexConnection a;
    private final DuplexConnection b;
    private boolean aInputDone;
    private boolean bInputDone;
    private boolean closed;

    private Splice(DuplexConnection a, DuplexConnection b) {
        this.a = a;
        this.b = b;
    }

    /** Starts copying; call on the connections' event loop with both paused (their handlers are set here). */
    public static void between(DuplexConnection a, DuplexConnection b) {
        new Splice(a, b).start();
    }

    private void start() {
        pipe(a, b, true);
        pipe(b, a, false);
        a.resume();
        b.resume();
    }

    private void pipe(DuplexConnection from, DuplexConnection to, boolean fromIsA) {
        from.handler(data -> {
            to.write(data);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
        from.onInputShutdown(v -> {
            if (fromIsA) {
                aInputDone = true;
            } else {
                bInputDone = true;
            }
            to.shutdownOutput().onComplete(r -> {
                if (r.failed() || aInputDone && bInputDone) {
                    closeBoth();
                }
            });
        });
        // The end comes after every byte and the FIN were delivered; without half-close tracking it is also the FIN.
        from.endHandler(v -> closeBoth());
        from.exceptionHandler(e -> closeBoth());
    }

    private void closeBoth() {
        if (!closed) {
            closed = true;
            a.close();
            b.close();
        }
    }
}
