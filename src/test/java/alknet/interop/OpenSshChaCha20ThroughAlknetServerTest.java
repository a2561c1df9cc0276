package alknet.interop;

import alknet.testsupport.FreePorts;
import alknet.testsupport.OpenSshClient;
import alknet.testsupport.Sockets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.time.Duration;
import java.util.regex.Pattern;

import static alknet.interop.Transfers.FOUR_MIB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenSSH {@code ssh -c chacha20-poly1305@openssh.com -L} against an alknet server, whose side of the cipher is
 * {@code alknet.ssh.cipher.ChaCha20Poly1305Cipher}: forwards carry several MiB byte-exact both ways, and
 * {@code RekeyLimit 1M} makes ssh rekey several times mid-transfer, so fresh keys and sequence numbers are exercised.
 */
@Tag("interop")
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSshChaCha20ThroughAlknetServerTest {
    private static final String CHACHA = "chacha20-poly1305@openssh.com";

    private ServerAndTargets env;
    private OpenSshClient ssh;
    private int echoForwardPort;
    private int sinkForwardPort;

    @BeforeAll
    void start() throws Exception {
        env = ServerAndTargets.start();
        int[] ports = FreePorts.pick(2);
        echoForwardPort = ports[0];
        sinkForwardPort = ports[1];
        ssh = env.server().ssh().option("RekeyLimit", "1M").args("-v", "-c", CHACHA, "-N",
                "-L", "127.0.0.1:" + echoForwardPort + ":127.0.0.1:" + env.echo().port(),
                "-L", "127.0.0.1:" + sinkForwardPort + ":localhost:" + env.sink().port()).start();
        ssh.waitForPort(echoForwardPort);
        ssh.waitForPort(sinkForwardPort);
    }

    @AfterAll
    void stop() throws Exception {
        if (ssh != null) {
            ssh.close();
        }
        if (env != null) {
            env.close();
        }
    }

    @Test
    void sshNegotiatedChaCha20BothWays() {
        for (String direction : new String[] {"client->server", "server->client"}) {
            ssh.stderr().awaitMatch(Pattern.compile("kex: " + Pattern.quote(direction) + " cipher: " + Pattern.quote(CHACHA)),
                    Duration.ofSeconds(5));
        }
    }

    @Test
    void echoesFourMebibytesTwiceWithRekeys() throws Exception {
        for (long seed : new long[] {91, 92}) {
            try (Socket tunnel = Sockets.connect(echoForwardPort)) {
                Transfers.assertEchoes(tunnel, FOUR_MIB, seed);
            }
        }
        assertThat(ssh.stderr().lines().stream().filter(l -> l.contains("SSH2_MSG_KEXINIT sent")).count())
                .as("key exchanges: the first plus rekeys every MiB").isGreaterThan(4);
        assertThat(ssh.isAlive()).isTrue();
    }

    @Test
    void deliversFourMebibytesIntoASinkNamedByDomain() throws Exception {
        try (Socket tunnel = Sockets.connect(sinkForwardPort)) {
            Transfers.assertSinks(tunnel, env.sink(), FOUR_MIB, 93);
        }
    }
}
