package alknet.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The runnable example in docs/examples keeps working: both directions answer. */
class EmbeddingExampleTest {
    @Test
    void serverAndClientCallEachOther(@TempDir Path dir) throws Exception {
        String out = EmbeddingExample.run(dir);
        assertThat(out).contains("\"greeting\":\"hello alknet\"").contains("\"caller\":\"SHA256:").contains("\"percent\":87");
    }
}
