package alknet.e2e;

import alknet.api.Alknet;
import alknet.api.AlknetSession;
import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.TestCertificates;
import alknet.api.TlsFiles;
import alknet.api.Transport;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS client sends SNI (10-tunnel.md section 1): the server's host name, or {@code --tls-server-name} when given.
 * A TLS server that records the indicated name stands in for a TLS-terminating front end.
 */
class TlsClientSniE2ETest {
    @TempDir
    Path dir;

    @Test
    void sniCarriesTheHostNameOrTheConfiguredServerName() throws Exception {
        // The certificate carries both names: the client verifies the name it sends (--tls-server-name, else the host).
        TlsFiles tls = new TlsFiles(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        TestCertificates.write(tls, "localhost", "DNS:localhost,DNS:alknet.example,IP:127.0.0.1");
        try (AlknetTestNodes nodes = AlknetTestNodes.start()) {
            BlockingQueue<String> indicated = new ArrayBlockingQueue<>(64);
            NetServer recorder = nodes.vertx().createNetServer(new NetServerOptions().setSsl(true)
                    .setKeyCertOptions(tls.keyCertOptions()).setSni(true))
                    .connectHandler(socket -> {
                        indicated.offer(String.valueOf(socket.indicatedServerName()));
                        socket.close();
                    });
            AlknetTestNodes.await(recorder.listen(0, "127.0.0.1"));
            try {
                assertThat(firstIndicatedName(nodes, recorder.actualPort(), null, tls, indicated)).isEqualTo("localhost");
                assertThat(firstIndicatedName(nodes, recorder.actualPort(), "alknet.example", tls, indicated))
                        .isEqualTo("alknet.example");
            } finally {
                AlknetTestNodes.await(recorder.close());
            }
        }
    }

    private static String firstIndicatedName(AlknetTestNodes nodes, int port, String serverName, TlsFiles tls,
                                             BlockingQueue<String> indicated) throws Exception {
        indicated.clear();
        AlknetSession client = AlknetTestNodes.await(Alknet.connect(nodes.vertx(), nodes.clientOptions()
                .server("localhost", port).transport(Transport.TLS).tlsCa(tls.cert()).tlsServerName(serverName)));
        try {
            String name = indicated.poll(10, TimeUnit.SECONDS);
            assertThat(name).as("no TLS connection reached the recorder").isNotNull();
            return name;
        } finally {
            AlknetTestNodes.await(client.close());
        }
    }
}
