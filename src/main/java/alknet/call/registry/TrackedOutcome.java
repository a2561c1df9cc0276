package alknet.call.registry;

import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import alknet.call.metrics.CallMetrics;
import alknet.call.metrics.MicrometerCallMetrics;
import alknet.api.AbortSignal;
import alknet.call.operation.CallSink;
import alknet.call.operation.OutputValidation;
import io.vertx.core.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Guards one dispatched call's sink: checks outputs against the schema, lets exactly one end through (an abort
 * is an end too: the carrier already knows, so nothing is forwarded), and records the end in the metrics. A
 * failure also fires the abort signal, so a subscription handler whose output was refused, and the nested calls
 * of a failed call, stop.
 */
final class TrackedOutcome implements CallSink {
    private static final Logger LOG = LoggerFactory.getLogger(TrackedOutcome.class);

    private final CallSink sink;
    private final String operationId;
    private final CallMetrics metrics;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AbortSignal abort;
    private final Runnable abortLink;
    private JsonSchemaCheck output = JsonSchemaCheck.ACCEPT_ALL;
    private OutputValidation validation = OutputValidation.WARN;

    TrackedOutcome(CallSink sink, String operationId, AbortSignal abort, CallMetrics metrics) {
        this.sink = sink;
        this.operationId = operationId;
        this.metrics = metrics;
        this.abort = abort;
        this.abortLink = abort.onAbort(reason -> end(reason.knownCode().name()));
    }

    /** Called once the operation is known, before its handler runs. */
    void checkOutput(JsonSchemaCheck schema, OutputValidation mode) {
        this.output = schema;
        this.validation = mode;
    }

    boolean ended() {
        return ended.get();
    }

    @Override
    public void event(Object event) {
        if (ended.get()) {
            return;
        }
        Optional<CallFailure> refused = refusedOutput(event);
        if (refused.isPresent()) {
            failed(refused.get());
        } else {
            sink.event(event);
        }
    }

    @Override
    public void result(Object value) {
        Optional<CallFailure> refused = refusedOutput(value);
        if (refused.isPresent()) {
            failed(refused.get());
        } else if (end(MicrometerCallMetrics.OK)) {
            sink.result(value);
        }
    }

    @Override
    public void completed() {
        if (end(MicrometerCallMetrics.OK)) {
            sink.completed();
        }
    }

    @Override
    public void failed(CallFailure failure) {
        if (end(failure.knownCode().name())) {
            sink.failed(failure);
            abort.abort(failure);
        }
    }

    @Override
    public boolean writeQueueFull() {
        return sink.writeQueueFull();
    }

    @Override
    public void drainHandler(Handler<Void> handler) {
        sink.drainHandler(handler);
    }

    private boolean end(String result) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        abortLink.run();
        metrics.callFinished(result, System.nanoTime() - startNanos);
        return true;
    }

    private Optional<CallFailure> refusedOutput(Object value) {
        if (ended.get()) {
            return Optional.empty();
        }
        Optional<JsonSchemaCheck.Problem> problem;
        try {
            problem = output.problem(value);
        } catch (RuntimeException e) {
            return Optional.of(CallFailure.of(CallErrorCode.EXECUTION_ERROR,
                    "the outputSchema of " + operationId + " cannot be applied: " + e.getMessage()));
        }
        if (problem.isEmpty()) {
            return Optional.empty();
        }
        if (validation == OutputValidation.STRICT) {
            return Optional.of(CallFailure.of(CallErrorCode.EXECUTION_ERROR, "output of " + operationId
                    + " does not match its outputSchema: " + problem.get().message()));
        }
        LOG.warn("output of {} does not match its outputSchema at {}; sent anyway", operationId,
                problem.get().keywordLocations());
        return Optional.empty();
    }
}
