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

    /** Stops listeners, SSH disconnect, drain. */
    Future<Void> close();
}
