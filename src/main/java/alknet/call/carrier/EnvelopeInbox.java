package alknet.call.carrier;

import alknet.call.frame.Envelope;
import io.vertx.core.Handler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * The delivery side every carrier shares: hands envelopes to the handler, or keeps them while paused or while no
 * handler is set. It asks its carrier to stop reading once a few wait, so waiting costs bounded memory. Used on
 * the carrier's context only.
 */
final class EnvelopeInbox {
    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeInbox.class);
    /** Envelopes kept before the carrier stops reading: those already decoded from the chunk in hand. */
    private static final int STOP_READING_AT = 32;

    private final Runnable stopReading;
    private final Runnable startReading;
    private final ArrayDeque<Envelope> waiting = new ArrayDeque<>();
    private Handler<Envelope> handler;
    private boolean paused;
    private boolean readingStopped;
    private boolean delivering;

    EnvelopeInbox(Runnable stopReading, Runnable startReading) {
        this.stopReading = stopReading;
        this.startReading = startReading;
    }

    void handler(Handler<Envelope> value) {
        handler = value;
        drain();
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
        drain();
    }

    void offer(Envelope envelope) {
        waiting.add(envelope);
        if (waiting.size() >= STOP_READING_AT && !readingStopped) {
            readingStopped = true;
            stopReading.run();
        }
        drain();
    }

    private void drain() {
        if (delivering) {
            return; // a handler is running further up this stack; it delivers what was added
        }
        delivering = true;
        try {
            while (!paused && handler != null && !waiting.isEmpty()) {
                Envelope next = waiting.poll();
                try {
                    handler.handle(next);
                } catch (RuntimeException e) {
                    LOG.warn("envelope handler threw {}; the connection goes on", e.getClass().getName());
                }
            }
        } finally {
            delivering = false;
        }
        if (readingStopped && waiting.isEmpty() && !paused) {
            readingStopped = false;
            startReading.run();
        }
    }

    void clear() {
        waiting.clear();
    }
}
