package alknet.stream;

/**
 * Where a transport hands each accepted connection (00-overview.md: layer 1 to layer 2, in-process, never a socket):
 * the SSH interface, or the raw-framing call interface. The transport knows nothing above this.
 */
@FunctionalInterface
public interface ConnectionAcceptor {
    /** Takes the connection (call on its context), or returns false when a limit refuses it: the caller closes it. */
    boolean accept(DuplexConnection connection);
}
