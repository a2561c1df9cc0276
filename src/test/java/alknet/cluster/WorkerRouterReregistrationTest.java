package alknet.cluster;

import alknet.api.CallFailure;
import alknet.api.OperationSpec;
import alknet.api.OperationType;
import alknet.call.operation.CallRouterOptions;
import alknet.call.registry.ForwardedOperation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call that arrives while its worker registers again after a failover (40-cluster-ops.md section 2): the head's view
 * lacks the alias, so it asks the map, and the new entry arrives while it waits. Found by HeadFailoverIT: such calls
 * failed with OPERATION_NOT_FOUND (not retryable) because the departure was forgotten when the new entry came.
 */
class WorkerRouterReregistrationTest {
    private static final String WHOAMI = "/w1/echo/whoami";

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLookupThatMissesTheNewEntryByAMomentFindsItOrSaysRetry() throws Exception {
        HeldFetch directory = new HeldFetch();
        SingleHead members = new SingleHead();
        WorkerRouter router = new WorkerRouter(vertx, directory, members,
                new HeldWorkers(vertx, directory, members, RegistrationRate.standard()), new CallRouterOptions(),
                new ClusterMetrics(new SimpleMeterRegistry(), () -> 0, () -> 1));
        WorkerRegistration first = registration("r1");
        directory.claim(first);
        directory.release("w1", "r1"); // its head died: the worker is away for a moment

        Future<Optional<ForwardedOperation>> lookup = router.lookup(WHOAMI); // the view lacks w1: the map is asked
        directory.claim(registration("r2")); // meanwhile the worker registers again on another head
        directory.answerFetch(Optional.empty()); // the map answered before the new entry was written

        assertThat(lookup.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS))
                .as("the new entry, which the view has by now").isPresent();
        Optional<CallFailure> retry = router.unavailable(WHOAMI);
        assertThat(retry).as("a lookup that still missed it is told to retry").isPresent();
        assertThat(retry.get().code()).isEqualTo("UNAVAILABLE");
        assertThat(retry.get().retryable()).isTrue();
        assertThat(router.unavailable("/w1/echo/missing")).as("an operation the new registration lacks is not found")
                .isEmpty();
    }

    private static WorkerRegistration registration(String id) {
        return new WorkerRegistration("w1", "identity-1", "another-head", id, System.currentTimeMillis(),
                List.of(OperationSpec.builder("/echo/whoami", OperationType.QUERY).build()));
    }

    /** An in-memory directory whose {@link #fetch} waits for the test to answer, like a map round trip. */
    private static final class HeldFetch implements NodeDirectory {
        private final LocalNodeDirectory entries = new LocalNodeDirectory();
        private Promise<Optional<WorkerRegistration>> pending;

        void answerFetch(Optional<WorkerRegistration> answer) {
            pending.complete(answer);
        }

        @Override
        public Future<Claim> claim(WorkerRegistration registration) {
            return entries.claim(registration);
        }

        @Override
        public Future<Boolean> release(String alias, String registrationId) {
            return entries.release(alias, registrationId);
        }

        @Override
        public Future<Integer> releaseMember(String memberId) {
            return entries.releaseMember(memberId);
        }

        @Override
        public Optional<WorkerRegistration> get(String alias) {
            return entries.get(alias);
        }

        @Override
        public Future<Optional<WorkerRegistration>> fetch(String alias) {
            pending = Promise.promise();
            return pending.future();
        }

        @Override
        public Collection<WorkerRegistration> all() {
            return entries.all();
        }

        @Override
        public void listen(Listener listener) {
            entries.listen(listener);
        }
    }
}
