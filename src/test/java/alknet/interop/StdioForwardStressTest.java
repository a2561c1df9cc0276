package alknet.interop;

import alknet.testsupport.OpenSshClient;
import alknet.testsupport.Payloads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repeats {@link OpenSshStdioForwardThroughAlknetServerTest}'s 4 MiB {@code ssh -W} echo to a domain target many
 * times (system property {@code stress.iterations}, default 100): before {@code OrderedInbound}, about one echo in
 * ten came back short because the target's end overtook its last reads (decisions.md 28). Run with
 * {@code mvn test -Dtest=StdioForwardStressTest -Dexcluded.test.groups=none}.
 */
@Tag("interop")
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StdioForwardStressTest {
    private ServerAndTargets env;

    @BeforeAll
    void start() throws Exception {
        env = ServerAndTargets.start();
    }

    @AfterAll
    void stop() throws Exception {
        env.close();
    }

    @Test
    void repeatedEchoes() throws Exception {
        int iterations = Integer.getInteger("stress.iterations", 100);
        int size = 4 << 20;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            byte[] payload = Payloads.random(size, 52 + i);
            try (OpenSshClient ssh = env.server().ssh().args("-W", "localhost:" + env.echo().port()).start()) {
                byte[] echoed = exchange(ssh, payload);
                int code = ssh.exitCode(Transfers.WAIT);
                if (echoed.length != size || code != 0) {
                    failures.add("iteration " + i + ": " + echoed.length + " bytes, exit " + code + ", stderr: "
                            + ssh.stderr().text());
                } else if (!Payloads.sha256Hex(echoed).equals(Payloads.sha256Hex(payload))) {
                    failures.add("iteration " + i + ": hash mismatch");
                }
            }
        }
        assertThat(failures).as("short or failed echoes out of " + iterations).isEmpty();
    }

    private static byte[] exchange(OpenSshClient ssh, byte[] payload) throws Exception {
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try (OutputStream in = ssh.stdin()) {
                in.write(payload);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> {
            try (InputStream out = ssh.stdout()) {
                return out.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writing.get(Transfers.WAIT.toSeconds(), TimeUnit.SECONDS);
        return reading.get(Transfers.WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
