package alknet.ssh.io;

import org.apache.sshd.common.util.threads.ThreadUtils;

/**
 * Runs MINA code as a MINA-internal thread (decision 36). MINA blocks a non-internal thread that writes channel
 * data during a key exchange until the exchange is over; on a Vert.x event loop that is the very thread that has
 * to read the peer's key-exchange messages: a deadlock when the forwarded socket shares the SSH connection's loop,
 * a stalled loop otherwise. For internal threads MINA queues the data until the new keys are in use instead, and
 * our write futures bound that to one packet per channel.
 */
public final class MinaInternal {
    private MinaInternal() {}

    /** A piece of MINA-calling code. */
    @FunctionalInterface
    public interface Code {
        void run() throws Exception;
    }

    /** Every call from a Vert.x event loop into MINA that may write channel data goes through here. */
    public static void run(Code code) throws Exception {
        ThreadUtils.runAsInternal(() -> {
            code.run();
            return null;
        });
    }
}
