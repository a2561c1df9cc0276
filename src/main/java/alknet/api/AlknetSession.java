package alknet.api;

import io.vertx.core.Future;

/** A running client (00-overview.md, embedding API). Call-protocol methods come with the call-protocol issue. */
public interface AlknetSession {
    /** Opens a tunnel to host:port through the server (the host is resolved by the server). */
    Future<Tunnel> openChannel(String host, int port);

    /** The bound SOCKS5 port, or -1 when SOCKS5 is disabled. */
    int socks5Port();

    /** The bound port of the i-th {@code -L} forward. */
    int localForwardPort(int index);

    /** The server port of the i-th {@code -R} forward once granted (useful when 0 was asked), or -1. */
    int remoteForwardPort(int index);

    /** True while an SSH session is up. */
    boolean connected();

    /** Completes when the first session is up; fails with exit-3 errors (auth refused, host key mismatch). */
    Future<Void> firstSession();

    /** Fails if the client must stop for good (host key mismatch); never completes otherwise. */
    Future<Void> fatal();

    /**
     * Runs {@code handler} on the session's context each time an SSH session comes up: at once (as a task) when one
     * is up already, then after every reconnect. Only this client's session counts, not others in the same Vert.x.
     * What an application re-announces after a reconnect (a worker's registration with its head) goes here.
     */
    AlknetSession onSessionUp(io.vertx.core.Handler<Void> handler);

    /**
     * This client's operations, which the server may call over the session's control channel (opened as soon as
     * one is registered or a call is made, and again after every reconnect).
     */
    Operations registry();

    /** Calls an operation of the server ({@code /service/op}) or, through a head, of a worker ({@code /node/service/op}). */
    Future<Object> call(String operationId, Object input, CallOptions options);

    default Future<Object> call(String operationId, Object input) {
        return call(operationId, input, CallOptions.DEFAULT);
    }

    /** Streams a subscription operation's events; the stream ends with the subscription. */
    Future<CallSubscription> subscribe(String operationId, Object input, CallOptions options);

    default Future<CallSubscription> subscribe(String operationId, Object input) {
        return subscribe(operationId, input, CallOptions.DEFAULT);
    }

    /** Publishes an event on {@code topic} through the server (scope {@code pubsub:publish}). */
    Future<Void> publish(String topic, String type, Object payload);

    /** Subscribes to {@code topic} through the server (scope {@code pubsub:subscribe}); kept across reconnects. */
    Future<EventSubscription> onEvent(String topic, io.vertx.core.Handler<TopicEvent> handler);

    /** Stops listeners, SSH disconnect, drain. */
    Future<Void> close();
}
