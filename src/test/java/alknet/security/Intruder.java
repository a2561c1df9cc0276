package alknet.security;

import alknet.testsupport.OpenSshClient;
import alknet.testsupport.SinkServer;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A real {@code ssh -N -R} whose forward onto an address in use is refused, and what it must not get. */
final class Intruder {
    private Intruder() {}

    /** Starts {@code ssh -N -R bindHost:port:127.0.0.1:target}; returns it once ssh reports the refusal. */
    static OpenSshClient refusedRemoteForward(OpenSshClient.Builder ssh, String bindHost, int port, SinkServer target,
                                              Duration wait) {
        OpenSshClient intruder = ssh.option("ExitOnForwardFailure", "no")
                .args("-N", "-R", bindHost + ":" + port + ":127.0.0.1:" + target.port()).start();
        try {
            intruder.stderr().awaitLine("remote port forwarding failed for listen port " + port, wait);
            return intruder;
        } catch (RuntimeException | Error e) {
            intruder.close();
            throw e;
        }
    }

    /** The refused session stays connected, and nothing reached its {@code -R} target. */
    static void assertGotNothing(OpenSshClient intruder, SinkServer target) {
        assertThat(intruder.isAlive()).as("the refused session is still connected; ssh stderr:\n"
                + intruder.stderr().text()).isTrue();
        assertThat(target.acceptedConnections()).as("connections that reached the intruder's -R target").isZero();
    }
}
