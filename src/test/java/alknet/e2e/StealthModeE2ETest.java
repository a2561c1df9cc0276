package alknet.e2e;

import alknet.api.ListenerOptions;
import alknet.api.AlknetSession;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.EchoServer;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.Payloads;
import alknet.testsupport.Sockets;
import alknet.testsupport.Socks5TestClient;
import alknet.testsupport.TestCertificates;
import alknet.testsupport.TlsSockets;
import alknet.testsupport.TunnelDestinations;
import alknet.api.TlsFiles;
import alknet.api.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stealth mode (10-tunnel.md section 1): HTTP gets an nginx 404, silence is answered and closed after 5 s, 7 bytes
 * are not classified early, the server never speaks first, and an alknet client still connects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StealthModeE2ETest {
    private AlknetTestNodes nodes;
    private EchoServer echo;

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("alknet-stealth-");
        TlsFiles tls = new TlsFiles(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        TestCertificates.write(tls, "localhost");
        echo = EchoServer.start();
        TunnelDestinations.record("127.0.0.1", echo.port());
        nodes = AlknetTestNodes.start(o -> o.listeners(List.of(ListenerOptions.tls("127.0.0.1", 0, tls, true))));
    }

    @AfterAll
    void stop() throws Exception {
        try (EchoServer e = echo; AlknetTestNodes n = nodes) {
            // closed in reverse order
        }
    }

    @Test
    void httpGetsTheNginxNotFoundPage() {
        ExternalCommand.Result curl = ExternalCommand.run(Duration.ofSeconds(20), "curl", "-sk", "-i",
                "https://127.0.0.1:" + nodes.server().sshPort() + "/");
        assertThat(curl.stdout()).startsWith("HTTP/1.1 404 Not Found").contains("Server: nginx")
                .contains("Content-Type: text/html").contains("<center>nginx</center>");
    }

    @Test
    void silenceIsAnsweredAndClosedAfterFiveSecondsAndTheServerNeverSpeaksFirst() throws Exception {
        try (SSLSocket socket = tlsSocket()) {
            long start = System.nanoTime();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(seconds).isBetween(4.5, 8.0);
            assertThat(answer).startsWith("HTTP/1.1 404 Not Found").doesNotContain("SSH-2.0");
        }
    }

    @Test
    void sevenBytesAreNotClassifiedEarly() throws Exception {
        try (SSLSocket socket = tlsSocket()) {
            socket.getOutputStream().write("SSH-2.0".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(3_000);
            InputStream in = socket.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class); // nothing sent before 5 s
            socket.setSoTimeout(8_000);
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 404 Not Found");
        }
    }

    @Test
    void alknetClientConnectsThroughStealth() throws Exception {
        AlknetSession client = nodes.connect(o -> o.server("127.0.0.1", nodes.server().sshPort())
                .transport(Transport.TLS).insecureTls(true));
        byte[] payload = Payloads.random(128 * 1024, 9);
        try (Socket socks = Socks5TestClient.to(client.socks5Port()).connect("127.0.0.1", echo.port())) {
            assertThat(Sockets.exchange(socks, payload, Duration.ofSeconds(20))).isEqualTo(payload);
        }
    }

    private SSLSocket tlsSocket() throws Exception {
        return TlsSockets.open(nodes.server().sshPort());
    }
}
