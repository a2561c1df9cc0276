package alknet.security;

import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.DestinationFreeLogs;
import alknet.testsupport.EchoServer;
import alknet.testsupport.LogCollector;
import alknet.testsupport.Payloads;
import alknet.testsupport.TunnelDestinations;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 7: {@code direct-tcpip} opens that name no valid target (a port beyond 65535, port 0, an empty host, a
 * NUL or other control character in the host) are refused one channel at a time with a valid RFC 4254 reason code
 * (connect failed), nothing is dialled, the same session then opens a good channel, and no log line quotes the bad
 * request. Sent with MINA's client because OpenSSH validates ports and hosts before sending.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvalidDirectTcpipRequestTest {
    private record BadRequest(String what, String host, long port) {}

    private EchoServer echo;
    private AlknetTestNodes nodes;
    private MinaSshClient mina;

    @BeforeAll
    void start() throws Exception {
        echo = EchoServer.start();
        TunnelDestinations.record("127.0.0.1", echo.port());
        nodes = AlknetTestNodes.start();
        mina = MinaSshClient.start(nodes.clientKey());
    }

    @AfterAll
    void stop() throws Exception {
        try (AlknetTestNodes n = nodes; EchoServer e = echo) {
            if (mina != null) {
                mina.close();
            }
        }
    }

    @Test
    void eachBadOpenIsRefusedWithConnectFailedAndTheSessionOpensAGoodChannelAfterwards() throws Exception {
        int mark = LogCollector.mark();
        List<BadRequest> rows = List.of(
                new BadRequest("port 83616 (beyond 65535)", "127.0.0.1", 83616),
                new BadRequest("port 65536", "127.0.0.1", 65536),
                new BadRequest("port 4294967295", "127.0.0.1", 0xFFFF_FFFFL),
                new BadRequest("port 0 for a normal target", "127.0.0.1", 0),
                new BadRequest("empty host", "", echo.port()),
                new BadRequest("NUL in the host", "127.0.0.1\0.evil.example", echo.port()),
                new BadRequest("host that is only a NUL", "\0", echo.port()),
                new BadRequest("line feed in the host", "127.0.0.1\nforged log line", echo.port()),
                new BadRequest("zone index", "fe80::1%eth0", echo.port()),
                new BadRequest("numeric-looking name 1.2.3.256", "1.2.3.256", echo.port()));
        ClientSession session = mina.login(nodes.server().sshPort());
        try {
            for (BadRequest row : rows) {
                int code = MinaSshClient.refusalCode(session, row.host(), row.port());
                assertThat(code).as("reason code for %s", row.what())
                        .isBetween(SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, SshConstants.SSH_OPEN_RESOURCE_SHORTAGE)
                        .isEqualTo(SshConstants.SSH_OPEN_CONNECT_FAILED);
                assertThat(session.isOpen()).as("session still open after %s", row.what()).isTrue();
                assertGoodChannelEchoes(session, row.what());
            }
            assertThat(echo.acceptedConnections()).as("connections the echo target saw: only the good channels")
                    .isEqualTo(rows.size());
        } finally {
            session.close(false);
        }

        List<String> lines = LogCollector.linesSince(mark);
        assertThat(lines).as("server lines for the refusals").filteredOn(l -> l.contains("channel denied")
                && l.contains("reason=invalid-request")).hasSize(rows.size());
        assertThat(lines).noneMatch(l -> l.contains("83616") || l.contains("65536") || l.contains("4294967295"));
        assertThat(lines).noneMatch(l -> l.contains("evil") || l.contains("forged") || l.contains("eth0")
                || l.contains("1.2.3.256"));
        DestinationFreeLogs.assertNone(DestinationFreeLogs.strictLeaks(lines, TunnelDestinations.all().stream()
                .filter(d -> d.port() == echo.port()).toList(), List.of()), "during the bad opens");
    }

    private void assertGoodChannelEchoes(ClientSession session, String after) throws Exception {
        ChannelDirectTcpip channel = MinaSshClient.openDirectTcpip(session, "127.0.0.1", echo.port());
        try {
            byte[] payload = Payloads.random(8192, after.hashCode());
            OutputStream toTarget = channel.getInvertedIn();
            toTarget.write(payload);
            toTarget.flush();
            InputStream fromTarget = channel.getInvertedOut();
            byte[] back = fromTarget.readNBytes(payload.length);
            assertThat(Payloads.sha256Hex(back)).as("echo through a good channel after %s", after)
                    .isEqualTo(Payloads.sha256Hex(payload));
        } finally {
            channel.close(false).await(MinaSshClient.WAIT);
        }
    }
}
