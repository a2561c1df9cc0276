package alknet.cluster;

import alknet.api.AbortSignal;
import alknet.api.CallFailure;
import alknet.api.CallOptions;
import alknet.api.CallSubscription;
import alknet.call.operation.CallRequest;
import alknet.call.operation.CallSink;
import io.vertx.core.Future;

/**
 * One call passed on to the next hop (another head, or the worker itself): the same absolute deadline, idle
 * timeout and metadata, a parent id and abort link, and every outcome fed back to the sink it came from.
 */
final class ForwardedCall {
    private ForwardedCall() {}

    /** Options for the next hop of {@code request}, which stops when {@code abort} fires. */
    static CallOptions options(CallRequest request, String parentRequestId, AbortSignal abort) {
        CallOptions options = CallOptions.DEFAULT.parent(parentRequestId, abort).metadata(request.metadata());
        if (request.deadline() > 0) {
            options = options.deadline(request.deadline());
        }
        if (request.idleTimeout() > 0) {
            options = options.idleTimeout(java.time.Duration.ofMillis(request.idleTimeout()));
        }
        return options;
    }

    static void feed(Future<Object> result, CallSink sink) {
        result.onComplete(done -> {
            if (done.succeeded()) {
                sink.result(done.result());
            } else {
                sink.failed(CallFailure.from(done.cause()));
            }
        });
    }

    static void feed(CallSubscription subscription, CallSink sink) {
        subscription.exceptionHandler(e -> sink.failed(CallFailure.from(e)))
                .endHandler(v -> sink.completed())
                .handler(sink::event);
    }
}
