package alknet.security;

import alknet.api.impl.ServerNode;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.TunnelDestinations;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 5: sessions ended in every way ({@link SessionEndings}: the real {@code ssh} killed by SIGINT, SIGTERM
 * and SIGKILL in every state; alknet's and MINA's clients in this JVM closing gracefully, at once, or dropping the
 * connection with a reset) leave nothing behind on the server: no session, unauthenticated slot, tracked connection,
 * channel or {@code -R} claim, no more file descriptors than before, and no more live session objects after a full
 * GC than before (class histogram). The 500 + 500 run is tagged slow; 30 + 30 run by default. The
 * {@code alknet connect} processes killed by signals are in {@link AlknetConnectKilledBySignalsIT}.
 */
class SessionCleanupTest {
    /** Descriptors that may differ between two quiet moments (a lazily opened file, a JIT log), not per session. */
    private static final int FD_SLACK = 5;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void thirtyOpenSshAndThirtyInJvmClientSessionsLeaveNothingBehind() throws Exception {
        endSessions(30, 30);
    }

    @Test
    @Tag("slow")
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void fiveHundredOpenSshAndFiveHundredInJvmClientSessionsLeaveNothingBehind() throws Exception {
        endSessions(500, 500);
    }

    private static void endSessions(int openSsh, int inJvm) throws Exception {
        try (EchoServer echo = EchoServer.start(); AlknetTestNodes nodes = AlknetTestNodes.start();
             MinaSshClient mina = MinaSshClient.start(nodes.clientKey());
             ResettingRelay relay = new ResettingRelay(nodes.server().sshPort())) {
            TunnelDestinations.record("127.0.0.1", echo.port());
            ServerNode server = (ServerNode) nodes.server();
            SessionEndings endings = new SessionEndings(nodes, echo, mina, relay);
            // Warm up every path once, so lazily created pools and selectors are in the baseline.
            endings.openSshSessionsKilledBySignals(5, 5);
            endings.inJvmClientSessions(6);
            SessionCensus baseline = awaitQuiet(server, nodes);
            assertCensusSeesALiveSession(baseline, server, nodes, mina);

            endings.openSshSessionsKilledBySignals(openSsh, 10);
            endings.inJvmClientSessions(inJvm);

            SessionCensus after = SessionCensus.awaitBackTo(baseline, FD_SLACK, server, nodes.vertx(),
                    Duration.ofSeconds(30));
            assertThat(after.sessions()).isZero();
            assertThat(after.fileDescriptors()).isLessThanOrEqualTo(baseline.fileDescriptors() + FD_SLACK);
        }
    }

    /** The census is not blind: one live session shows in the counters, the descriptors and the histogram. */
    private static void assertCensusSeesALiveSession(SessionCensus baseline, ServerNode server, AlknetTestNodes nodes,
                                                     MinaSshClient mina) throws Exception {
        ClientSession probe = mina.login(nodes.server().sshPort());
        try {
            SessionCensus during = SessionCensus.take(server, nodes.vertx());
            assertThat(during.sessions()).isEqualTo(1);
            assertThat(during.trackedConnections()).isEqualTo(1);
            assertThat(during.fileDescriptors()).isGreaterThan(baseline.fileDescriptors());
            assertThat(during.isBackTo(baseline, FD_SLACK)).isFalse();
            String serverSession = "org.apache.sshd.server.session.ServerSessionImpl";
            assertThat(during.liveInstances().get(serverSession))
                    .isGreaterThan(baseline.liveInstances().get(serverSession));
        } finally {
            probe.close(false).await(Duration.ofSeconds(10));
        }
    }

    /** A census once the warm-up sessions are all gone (their descriptors and objects are the baseline's). */
    private static SessionCensus awaitQuiet(ServerNode server, AlknetTestNodes nodes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            SessionCensus census = SessionCensus.take(server, nodes.vertx());
            if (census.sessions() == 0 && census.unauthenticated() == 0 && census.trackedConnections() == 0
                    && census.openChannels() == 0 && census.remoteForwardClaims() == 0) {
                return census;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("warm-up sessions never went away: " + census);
            }
            Thread.sleep(100);
        }
    }
}
