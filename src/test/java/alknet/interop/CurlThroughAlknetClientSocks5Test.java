package alknet.interop;

import alknet.api.AlknetSession;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.Curl;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.HttpTestServer;
import alknet.testsupport.TunnelDestinations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code curl --socks5-hostname} through the alknet client's SOCKS5 port reaches an HTTP server the
 * test started (10-tunnel.md section 6, last line); the name "localhost" travels unresolved to the server.
 */
@Tag("interop")
@Timeout(60)
class CurlThroughAlknetClientSocks5Test {
    @Test
    void curlFetchesThePageByHostNameThroughTheTunnel() throws Exception {
        try (HttpTestServer http = HttpTestServer.start("served through alknet socks5h\n");
                AlknetTestNodes nodes = AlknetTestNodes.start()) {
            TunnelDestinations.record("localhost", http.port());
            AlknetSession client = nodes.connect();

            ExternalCommand.Result curl = Curl.viaSocks5Hostname(client.socks5Port(), http.url("localhost"));

            assertThat(curl.exitCode()).as("curl exit code; stderr: " + curl.stderr()).isZero();
            assertThat(curl.stdout()).isEqualTo("served through alknet socks5h\n");
            assertThat(http.requestCount()).isEqualTo(1);
        }
    }
}
