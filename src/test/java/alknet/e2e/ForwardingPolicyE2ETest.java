package alknet.e2e;

import alknet.api.AlknetSession;
import alknet.api.ForwardingRules;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.LogCollector;
import alknet.testsupport.Payloads;
import alknet.testsupport.SinkServer;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TunnelDestinations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forwarding policy end to end (20-auth-config.md section 4; issue acceptance "Policy ... End to end"): a
 * denied direct-tcpip gets an open failure without any connection attempt (SOCKS5 reply 0x02), a name that
 * resolves into a denied CIDR is denied, and allowed targets still work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardingPolicyE2ETest {
    private SinkServer deniedSink;
    private EchoServer allowedEcho;
    private AlknetTestNodes nodes;
    private AlknetSession client;

    @BeforeAll
    void start() throws Exception {
        LogCollector.installInProcess();
        deniedSink = SinkServer.start();
        allowedEcho = EchoServer.start();
        TunnelDestinations.record("127.0.0.1", deniedSink.port());
        TunnelDestinations.record("127.0.0.1", allowedEcho.port());
        TunnelDestinations.record("localhost", deniedSink.port());
        // First match wins: the sink's port is denied by IP, names are checked by every address they resolve to.
        var policy = ForwardingRules.DEFAULT.defaultAction("deny")
                .rule("127.0.0.1:" + deniedSink.port(), "deny", null, null)
                .rule("127.0.0.0/8:" + allowedEcho.port(), "allow", null, null)
                .rule("localhost:" + deniedSink.port(), "allow", null, null); // loses: its address is denied above
        nodes = AlknetTestNodes.start(o -> o.forwarding(policy));
        client = nodes.connect();
    }

    @AfterAll
    void stop() throws Exception {
        try (SinkServer s = deniedSink; EchoServer e = allowedEcho; AlknetTestNodes n = nodes) {
            // closed in reverse order
        }
    }

    @Test
    void deniedTargetGetsReplyTwoAndNoConnectionIsMade() throws Exception {
        int mark = LogCollector.mark();
        Socks5TestClient.Result result = Socks5TestClient.to(client.socks5Port())
                .attempt(InetAddress.getByName("127.0.0.1"), deniedSink.port());
        assertThat(result.code()).isEqualTo(Socks5TestClient.REPLY_NOT_ALLOWED);
        assertThat(deniedSink.acceptedConnections()).isZero();
        assertThat(LogCollector.linesSince(mark)).anyMatch(l -> l.contains("channel denied remote_addr=127.0.0.1 reason=policy"));
    }

    @Test
    void nameResolvingIntoADeniedAddressIsDenied() throws Exception {
        // A rule allows the name, but localhost resolves to 127.0.0.1, which an earlier rule denies for this port.
        Socks5TestClient.Result result = Socks5TestClient.to(client.socks5Port()).attempt("localhost", deniedSink.port());
        assertThat(result.code()).isEqualTo(Socks5TestClient.REPLY_NOT_ALLOWED);
        assertThat(deniedSink.acceptedConnections()).isZero();
    }

    @Test
    void allowedTargetByNameAndByAddressCarriesData() throws Exception {
        byte[] payload = Payloads.random(256 * 1024, 7);
        for (String host : List.of("127.0.0.1", "localhost")) {
            try (Socket tunnel = Socks5TestClient.to(client.socks5Port()).connect(host, allowedEcho.port())) {
                byte[] back = Sockets.exchange(tunnel, payload, Duration.ofSeconds(20));
                assertThat(Payloads.sha256Hex(back)).isEqualTo(Payloads.sha256Hex(payload));
            }
        }
    }

    @Test
    void targetsNoRuleAllowsFallToTheDefaultDeny() throws Exception {
        Socks5TestClient.Result result = Socks5TestClient.to(client.socks5Port()).attempt("127.0.0.1", 9);
        assertThat(result.code()).isEqualTo(Socks5TestClient.REPLY_NOT_ALLOWED);
    }
}
