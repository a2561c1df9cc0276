package alknet.call.raw;

import alknet.api.Identity;
import alknet.call.carrier.FrameCarrier;
import alknet.call.frame.Envelope;
import alknet.call.frame.EnvelopeTypes;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The first step on a raw carrier (30-call-protocol.md section 6): the first frame must be
 * {@code {"type":"__auth","id":"","payload":{"token":"..."}}} with a token the authenticator accepts, within the
 * auth timeout. Anything else closes the connection without an answer. Frames sent after {@code __auth} wait
 * (the carrier is paused) until the connection is served. The token never reaches a log.
 */
public final class RawAuthGate {
    private static final Logger LOG = LoggerFactory.getLogger(RawAuthGate.class);

    private final FrameCarrier carrier;
    private final TokenAuthenticator authenticator;
    private final Consumer<Identity> serve;
    private long timer = -1;
    private boolean decided;

    private RawAuthGate(FrameCarrier carrier, TokenAuthenticator authenticator, Consumer<Identity> serve) {
        this.carrier = carrier;
        this.authenticator = authenticator;
        this.serve = serve;
    }

    /**
     * Guards {@code carrier}; call it on the carrier's context. {@code serve} runs there with the proven identity
     * and must take the carrier over (set its handlers); the carrier is resumed right after.
     */
    public static void guard(FrameCarrier carrier, TokenAuthenticator authenticator, Duration timeout,
                             Consumer<Identity> serve) {
        RawAuthGate gate = new RawAuthGate(carrier, authenticator, serve);
        Vertx vertx = carrier.context().owner();
        gate.timer = vertx.setTimer(timeout.toMillis(), id -> gate.refuse("no __auth frame within " + timeout.toMillis() + " ms"));
        carrier.closeHandler(v -> vertx.cancelTimer(gate.timer));
        carrier.envelopeHandler(gate::onFirst);
    }

    private void onFirst(Envelope envelope) {
        if (decided) {
            return;
        }
        decided = true;
        carrier.pause();
        if (!EnvelopeTypes.AUTH.equals(envelope.type())
                || !(envelope.payloadObject().getValue("token") instanceof String token) || token.isEmpty()) {
            refuse("the first frame was not {\"type\":\"__auth\",\"payload\":{\"token\":...}}");
            return;
        }
        authenticator.authenticate(token, carrier.transport()).onComplete(ar -> carrier.context().runOnContext(v -> {
            if (ar.failed() || ar.result() == null) {
                refuse(ar.failed() ? ar.cause().getMessage() : "no identity for the token");
                return;
            }
            carrier.context().owner().cancelTimer(timer);
            if (carrier.isClosed()) {
                return;
            }
            serve.accept(ar.result());
            carrier.resume();
        }));
    }

    private void refuse(String reason) {
        decided = true;
        if (carrier.isClosed()) {
            return;
        }
        LOG.info("raw call connection refused transport={}: {}", carrier.transport().kind().wireName(), reason);
        carrier.context().owner().cancelTimer(timer);
        carrier.close();
    }
}
