package alknet.call.registry;

import alknet.api.CallFailure;
import alknet.api.OperationSpec;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * The operations a node serves for other nodes (a head for its workers, 40-cluster-ops.md section 2), looked up by
 * full name when the node's own registry has no operation of that name.
 */
public interface ForwardedOperations {
    ForwardedOperations NONE = new ForwardedOperations() {
        @Override
        public Future<Optional<ForwardedOperation>> lookup(String operationId) {
            return Future.succeededFuture(Optional.empty());
        }

        @Override
        public List<OperationSpec> specs() {
            return List.of();
        }
    };

    /** The operation of that full name, if this node serves it for another (may ask the cluster's map). */
    Future<Optional<ForwardedOperation>> lookup(String operationId);

    /** Every forwarded operation's spec, under the names callers use. */
    List<OperationSpec> specs();

    /**
     * Why an operation that {@link #lookup} does not know cannot be called right now, when it belongs to a node that
     * is away for a moment (a worker reconnecting): a retryable {@code UNAVAILABLE} instead of
     * {@code OPERATION_NOT_FOUND}.
     */
    default Optional<CallFailure> unavailable(String operationId) {
        return Optional.empty();
    }
}
