package alknet.call.operation;

import alknet.api.CallErrorCode;
import alknet.api.CallFailure;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The caller-side subscription stream: ordering, back-pressure, bounded buffer, terminal handling. */
class EventStreamTest {
    private final List<CallFailure> cancels = new ArrayList<>();

    private EventStream stream(int max) {
        return new EventStream("r1", max, cancels::add);
    }

    @Test
    void eventsBeforeAHandlerWaitAndThenArriveInOrderBeforeTheEnd() {
        EventStream s = stream(10);
        s.push(1);
        s.push(2);
        s.end();
        List<Object> seen = new ArrayList<>();
        s.endHandler(v -> seen.add("end"));
        s.handler(seen::add);
        assertThat(seen).containsExactly(1, 2, "end");
        assertThat(s.done().succeeded()).isTrue();
    }

    @Test
    void pauseAndFetchDeliverExactlyTheDemand() {
        EventStream s = stream(10);
        List<Object> seen = new ArrayList<>();
        s.handler(seen::add).pause();
        for (int i = 0; i < 5; i++) {
            s.push(i);
        }
        assertThat(seen).isEmpty();
        s.fetch(2);
        assertThat(seen).containsExactly(0, 1);
        s.resume();
        assertThat(seen).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void overflowWhilePausedAbortsAndTellsTheProducer() {
        EventStream s = stream(3);
        AtomicReference<Throwable> error = new AtomicReference<>();
        s.exceptionHandler(error::set).handler(e -> {}).pause();
        assertThat(s.push(1) && s.push(2) && s.push(3)).isTrue();
        assertThat(s.push(4)).isFalse();
        assertThat(s.buffered()).isZero();
        assertThat(cancels).singleElement().satisfies(f -> assertThat(f.is(CallErrorCode.ABORTED)).isTrue());
        assertThat(error.get()).isSameAs(cancels.get(0));
        assertThat(s.push(5)).isFalse();
    }

    @Test
    void failureGoesToTheExceptionHandlerNotTheEndHandler() {
        EventStream s = stream(10);
        List<Object> seen = new ArrayList<>();
        s.handler(seen::add).endHandler(v -> seen.add("end")).exceptionHandler(seen::add);
        s.push("a");
        CallFailure gone = CallFailure.of(CallErrorCode.UNAVAILABLE, "gone");
        s.fail(gone);
        s.end();
        assertThat(seen).containsExactly("a", gone);
        assertThat(s.done().cause()).isSameAs(gone);
    }

    @Test
    void cancelTellsTheProducerOnceAndEndsTheStream() {
        EventStream s = stream(10);
        AtomicReference<Throwable> error = new AtomicReference<>();
        s.exceptionHandler(error::set);
        s.cancel();
        s.cancel();
        assertThat(cancels).hasSize(1);
        assertThat(((CallFailure) error.get()).is(CallErrorCode.ABORTED)).isTrue();
        assertThat(s.push(1)).isFalse();
    }

    @Test
    void aThrowingHandlerDoesNotStopTheStream() {
        EventStream s = stream(10);
        List<Object> seen = new ArrayList<>();
        s.handler(e -> {
            seen.add(e);
            throw new IllegalStateException("boom");
        });
        s.push(1);
        s.push(2);
        assertThat(seen).containsExactly(1, 2);
    }
}
