package alknet.e2e;

import alknet.api.ForwardingRules;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.FreePorts;
import alknet.testsupport.OpenSshClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listen rules for {@code -R} (10-tunnel.md section 3; issue acceptance 5): a loopback high port is allowed by
 * default, {@code 0.0.0.0} and ports below 1024 are refused unless a rule allows them. The real OpenSSH client
 * asks, with ExitOnForwardFailure so a refusal ends it with exit code 255.
 */
class RemoteForwardListenRulesE2ETest {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);

    @Test
    void defaultRuleAllowsLoopbackHighPortsOnly() throws Exception {
        try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
            int port = FreePorts.pick();
            try (OpenSshClient ssh = forward(nodes, "127.0.0.1:" + port)) {
                ssh.waitForPort(port);
            }
            try (OpenSshClient ssh = forward(nodes, "0.0.0.0:" + FreePorts.pick())) {
                assertThat(ssh.exitCode(EXIT_WAIT)).isEqualTo(255);
            }
            try (OpenSshClient ssh = forward(nodes, "127.0.0.1:1023")) {
                assertThat(ssh.exitCode(EXIT_WAIT)).isEqualTo(255);
            }
        }
    }

    @Test
    void explicitRuleAllowsTheWildcardBind() throws Exception {
        var policy = ForwardingRules.DEFAULT.listenRule("0.0.0.0:1024-65535", "allow", null);
        try (AlknetTestNodes nodes = AlknetTestNodes.start(o -> o.forwarding(policy))) {
            int port = FreePorts.pick();
            try (OpenSshClient ssh = forward(nodes, "0.0.0.0:" + port)) {
                ssh.waitForPort(port);
            }
        }
    }

    private static OpenSshClient forward(AlknetTestNodes nodes, String bind) {
        return OpenSshClient.builder().port(nodes.server().sshPort()).identity(nodes.clientKey())
                .args("-N", "-R", bind + ":127.0.0.1:9").start();
    }
}
