package alknet.call;

import alknet.api.CallPeer;
import alknet.api.Identity;
import alknet.call.carrier.FrameCarrier;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.frame.Envelope;
import alknet.call.frame.EnvelopeTypes;
import alknet.api.CallOptions;
import alknet.call.operation.CallRouterOptions;
import alknet.api.CallSubscription;
import alknet.call.registry.OperationDispatcher;
import alknet.stream.TransportInfo;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One end of a control connection (30-call-protocol.md section 2), over any {@link FrameCarrier}: caller and
 * callee at once, with its own pending map ({@link OutgoingCalls}) and its own registry's dispatcher
 * ({@link IncomingCalls}). Calls from the peer run as {@code peer}, the identity the connection authenticated.
 * Envelopes that are not {@code call.*} (events and {@code __} control) go to the {@link #peerEnvelopeHandler}
 * (pub/sub). When the connection closes, pending calls fail with {@code UNAVAILABLE}, subscriptions fail (the
 * local form of {@code call.error}), running handlers are aborted, and the maps are left empty.
 * Thread-safe: methods may be called from any thread; frames go out on the carrier's context in call order.
 */
public final class CallConnection implements CallPeer {
    private static final Logger LOG = LoggerFactory.getLogger(CallConnection.class);

    private final FrameCarrier carrier;
    private final Context context;
    private final Identity peer;
    private final OperationDispatcher dispatcher;
    private final OutgoingCalls outgoing;
    private final IncomingCalls incoming;
    private final Promise<Void> closed = Promise.promise();
    private final List<Handler<Void>> drainListeners = new CopyOnWriteArrayList<>();
    /** The carrier's event-loop thread, known once attached; code on it may touch the carrier directly. */
    private volatile Thread loop;
    private volatile boolean open = true;
    private volatile Handler<Envelope> peerEnvelopeHandler;

    private CallConnection(FrameCarrier carrier, Identity peer, OperationDispatcher dispatcher, CallRouterOptions options) {
        this.carrier = carrier;
        this.context = carrier.context();
        this.peer = peer;
        this.dispatcher = dispatcher;
        this.outgoing = new OutgoingCalls(context.owner(), this, new CallRouterOptions(options));
        this.incoming = new IncomingCalls(this, peer, dispatcher, options.maxIncomingCalls());
    }

    /**
     * Starts serving calls over {@code carrier}. Call it on the carrier's context (its event-loop thread): the
     * connection takes the carrier's handlers over at once, before any envelope is delivered.
     *
     * @param peer       the identity the connection authenticated; every incoming call runs as it
     * @param dispatcher runs incoming calls against this side's registry
     */
    public static CallConnection open(FrameCarrier carrier, Identity peer, OperationDispatcher dispatcher,
                                      CallRouterOptions options) {
        CallConnection connection = new CallConnection(carrier, peer, dispatcher, options);
        connection.attach();
        return connection;
    }

    private void attach() {
        loop = Thread.currentThread();
        carrier.closeHandler(v -> onClosed());
        carrier.drainHandler(v -> drainListeners.forEach(h -> h.handle(null)));
        carrier.envelopeHandler(this::receive);
    }

    private void receive(Envelope envelope) {
        String type = envelope.type();
        if (!EnvelopeTypes.isCall(type)) {
            Handler<Envelope> handler = peerEnvelopeHandler;
            if (handler != null) {
                handler.handle(envelope);
            }
            return;
        }
        switch (type) {
            case EnvelopeTypes.CALL_REQUESTED -> incoming.onRequested(envelope);
            case EnvelopeTypes.CALL_RESPONDED -> outgoing.onResponded(envelope);
            case EnvelopeTypes.CALL_COMPLETED -> outgoing.onCompleted(envelope);
            case EnvelopeTypes.CALL_ERROR -> outgoing.onError(envelope);
            case EnvelopeTypes.CALL_ABORTED -> {
                if (!incoming.onAborted(envelope.requestId())) {
                    outgoing.onAborted(envelope.requestId());
                }
            }
            default -> refuseUnknownCallType(envelope);
        }
    }

    /** Unknown {@code call.*} types are errors, not ignored (30-call-protocol.md section 1). */
    private void refuseUnknownCallType(Envelope envelope) {
        String requestId = envelope.requestId();
        if (requestId.isEmpty()) {
            LOG.debug("unknown call envelope type without a request id ignored");
            return;
        }
        send(CallEnvelopes.error(requestId, CallFailure.of(CallErrorCode.VALIDATION_ERROR, "unknown envelope type "
                + envelope.type() + "; call.* types are requested, responded, completed, aborted and error")));
    }

    /** Calls {@code operationId} on the peer; a query or mutation. */
    @Override
    public Future<Object> call(String operationId, Object input, CallOptions options) {
        return outgoing.call(operationId, input, options);
    }


    /** Subscribes to {@code operationId} on the peer. */
    @Override
    public CallSubscription subscribe(String operationId, Object input, CallOptions options) {
        return outgoing.subscribe(operationId, input, options);
    }


    /** Sends any envelope (events, pub/sub control). Fails when the connection is closed or the envelope too large. */
    public Future<Void> send(Envelope envelope) {
        if (inContext()) {
            return carrier.send(envelope);
        }
        Promise<Void> sent = Promise.promise();
        context.runOnContext(v -> carrier.send(envelope).onComplete(sent));
        return sent.future();
    }

    /** Receives envelopes that are not {@code call.*}: events and {@code __} control messages. */
    public CallConnection peerEnvelopeHandler(Handler<Envelope> handler) {
        this.peerEnvelopeHandler = handler;
        return this;
    }

    public boolean writeQueueFull() {
        return carrier.writeQueueFull();
    }

    /** Runs {@code listener} each time the write queue drains; the returned action removes it. */
    public Runnable addDrainListener(Handler<Void> listener) {
        Handler<Void> own = listener::handle;
        drainListeners.add(own);
        return () -> drainListeners.remove(own);
    }

    public Identity peer() {
        return peer;
    }

    @Override
    public Identity identity() {
        return peer;
    }

    public TransportInfo transport() {
        return carrier.transport();
    }

    public Context context() {
        return context;
    }

    Vertx vertx() {
        return context.owner();
    }

    public OperationDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Future<Void> closed() {
        return closed.future();
    }

    public Future<Void> close() {
        onContext(() -> carrier.close().onComplete(ar -> onClosed()));
        return closed.future();
    }

    private void onClosed() {
        if (!open) {
            return;
        }
        open = false;
        CallFailure gone = CallFailure.of(CallErrorCode.UNAVAILABLE, "the connection to the peer closed");
        outgoing.failAll(gone);
        incoming.abortAll(gone);
        drainListeners.clear();
        peerEnvelopeHandler = null;
        closed.complete();
    }

    /** Our calls waiting for an answer (query, mutation or subscription). */
    public int pendingCount() {
        return outgoing.size();
    }

    /** The peer's calls running here. */
    public int runningCount() {
        return incoming.size();
    }

    /**
     * True on the carrier's event-loop thread. The thread is compared, not the context: Vert.x runs event-bus and
     * other callbacks on duplicates of a context, which are other objects on the same thread.
     */
    public boolean inContext() {
        return loop == Thread.currentThread();
    }

    private void onContext(Runnable action) {
        if (inContext()) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
