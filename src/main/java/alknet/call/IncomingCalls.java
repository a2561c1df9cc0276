package alknet.call;

import alknet.api.Identity;
import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.frame.Envelope;
import alknet.call.operation.CallRequest;
import alknet.call.registry.OperationDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The callee side of one connection: the calls the peer has running here. Every call runs as the connection's
 * authenticated identity, whatever its payload says (30-call-protocol.md section 2).
 */
final class IncomingCalls {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingCalls.class);

    private final CallConnection connection;
    private final Identity peer;
    private final OperationDispatcher dispatcher;
    private final int maxRunning;
    private final Map<String, RunningCall> running = new ConcurrentHashMap<>();

    IncomingCalls(CallConnection connection, Identity peer, OperationDispatcher dispatcher, int maxRunning) {
        this.connection = connection;
        this.peer = peer;
        this.dispatcher = dispatcher;
        this.maxRunning = maxRunning;
    }

    void onRequested(Envelope envelope) {
        String requestId = envelope.requestId();
        if (requestId.isEmpty()) {
            LOG.warn("call.requested without a requestId ignored; the caller cannot be answered");
            return;
        }
        if (running.containsKey(requestId)) {
            refuse(requestId, CallErrorCode.VALIDATION_ERROR, "duplicate requestId; the first call with this id keeps"
                    + " running, pick a fresh UUID per call");
            return;
        }
        if (running.size() >= maxRunning) {
            refuse(requestId, CallErrorCode.UNAVAILABLE, "this connection already has " + maxRunning
                    + " calls running; retry when some have finished");
            return;
        }
        CallRequest request;
        try {
            request = CallRequest.fromPayload(requestId, envelope.payloadObject());
        } catch (IllegalArgumentException e) {
            refuse(requestId, CallErrorCode.VALIDATION_ERROR, e.getMessage());
            return;
        }
        RunningCall call = new RunningCall(connection, this, request);
        running.put(requestId, call);
        call.armDeadline(connection.vertx());
        dispatcher.dispatch(peer, connection, request, call.abortSignal(), call);
    }

    private void refuse(String requestId, CallErrorCode code, String message) {
        connection.send(CallEnvelopes.error(requestId, CallFailure.of(code, message)));
    }

    /** The peer aborted a call it made; unknown ids are ignored. True when it was one of ours. */
    boolean onAborted(String requestId) {
        RunningCall call = running.get(requestId);
        if (call == null) {
            return false;
        }
        call.abortedByPeer();
        return true;
    }

    void abortAll(CallFailure reason) {
        running.values().forEach(c -> c.connectionClosed(reason));
    }

    void remove(String requestId, RunningCall call) {
        running.remove(requestId, call);
    }

    int size() {
        return running.size();
    }
}
