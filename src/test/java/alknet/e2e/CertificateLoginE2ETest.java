package alknet.e2e;

import alknet.api.AuthOptions;
import alknet.auth.KeyFingerprint;
import alknet.api.ForwardingRules;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.FreePorts;
import alknet.testsupport.LogCollector;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.Payloads;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import alknet.testsupport.Sockets;
import alknet.testsupport.TunnelDestinations;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue acceptance 1: the real OpenSSH client logs in with a user certificate ({@code ssh-keygen -s}) signed by a
 * configured CA and forwards data. The session identity is the certified key with the CA entry's scopes plus
 * {@code principal:<user>} (20-auth-config.md section 1), proven through the forwarding policy: one target is
 * allowed only for the CA's scope {@code team:ops}, one only for {@code principal:alice}, a third for nobody.
 */
@Timeout(90)
class CertificateLoginE2ETest {
    private static final String CA_SCOPE = "team:ops";

    @Test
    void userCertificateLogsInWithTheCaScopesAndForwards(@TempDir Path keys) throws Exception {
        LogCollector.installInProcess();
        int mark = LogCollector.mark();
        try (EchoServer byScope = EchoServer.start(); EchoServer byPrincipal = EchoServer.start();
             EchoServer forNobody = EchoServer.start()) {
            SshKeyPair ca = SshKeys.generateEd25519(keys, "user_ca");
            SshKeyPair alice = SshKeys.generateEd25519(keys, "alice_ed25519");
            Path certificate = SshKeys.signUserCertificate(ca, alice, "alice@test", "alice", "-5m:+1h");
            AuthOptions auth = AuthOptions.DEFAULT.withCertAuthority(ca.publicKeyLine(), List.of("relay:connect", CA_SCOPE), Map.of());
            var policy = ForwardingRules.DEFAULT.defaultAction("deny")
                    .rule("127.0.0.1:" + byScope.port(), "allow", List.of(CA_SCOPE), null)
                    .rule("127.0.0.1:" + byPrincipal.port(), "allow", List.of("principal:alice"), null);
            for (EchoServer target : List.of(byScope, byPrincipal, forNobody)) {
                TunnelDestinations.record("127.0.0.1", target.port());
            }

            try (AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.auth(auth).forwarding(policy))) {
                int[] local = FreePorts.pick(3);
                try (OpenSshClient ssh = OpenSshClient.builder().port(nodes.server().sshPort()).user("alice")
                        .identity(alice.privateKey()).certificate(certificate)
                        .args("-v", "-N",
                                "-L", "127.0.0.1:" + local[0] + ":127.0.0.1:" + byScope.port(),
                                "-L", "127.0.0.1:" + local[1] + ":127.0.0.1:" + byPrincipal.port(),
                                "-L", "127.0.0.1:" + local[2] + ":127.0.0.1:" + forNobody.port())
                        .start()) {
                    for (int port : local) {
                        ssh.waitForPort(port);
                    }
                    byte[] payload = Payloads.random(256 * 1024, 41);
                    try (Socket s = Sockets.connect(local[0])) {
                        assertThat(Sockets.exchange(s, payload, Duration.ofSeconds(20)))
                                .as("target allowed for the CA's scope").isEqualTo(payload);
                    }
                    try (Socket s = Sockets.connect(local[1])) {
                        assertThat(Sockets.exchange(s, payload, Duration.ofSeconds(20)))
                                .as("target allowed for principal:alice").isEqualTo(payload);
                    }
                    try (Socket s = Sockets.connect(local[2])) {
                        assertThat(Sockets.closedByPeer(s, Duration.ofSeconds(10)))
                                .as("target no rule allows is refused").isTrue();
                    }
                    assertThat(forNobody.acceptedConnections()).isZero();
                    assertThat(ssh.stderr().text()).contains("Authenticated to");
                }
            }

            List<String> lines = LogCollector.linesSince(mark);
            assertThat(lines).as("accept line names the certified key").anySatisfy(line -> assertThat(line)
                    .startsWith("auth attempt remote_addr=127.0.0.1 ")
                    .contains("user=alice")
                    .contains("key_fingerprint=" + alice.fingerprint())
                    .contains("result=accept")
                    .contains("method=publickey"));
            assertThat(alice.fingerprint()).isEqualTo(KeyFingerprint.of(publicKey(alice.publicKeyLine())));
            assertThat(lines).as("no refusal on the way").noneMatch(l -> l.startsWith("auth attempt") && l.contains("result=reject"));
            assertThat(lines).as("the target no rule allows was denied by policy")
                    .anyMatch(l -> l.startsWith("channel denied remote_addr=127.0.0.1") && l.contains("reason=policy"));
        }
    }

    static PublicKey publicKey(String line) throws Exception {
        return PublicKeyEntry.parsePublicKeyEntry(line).resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
    }
}
