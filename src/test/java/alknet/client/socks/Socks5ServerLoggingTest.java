package alknet.client.socks;

import alknet.client.TunnelOpenException;
import alknet.client.TunnelOpenException.Reason;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

import static alknet.client.socks.Socks5Bytes.connectDomain;
import static alknet.client.socks.Socks5Bytes.greeting;
import static org.assertj.core.api.Assertions.assertThat;

/** SOCKS5 targets and byte counts never reach a log line, at any level (10-tunnel.md section 4). */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class Socks5ServerLoggingTest {
    private static final String SECRET_HOST = "secret-target.invalid";
    private static final int SECRET_PORT = 47_911;

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger packageLogger;
    private Level previousLevel;

    @BeforeEach
    void capture() {
        packageLogger = (Logger) LoggerFactory.getLogger("alknet.client.socks");
        previousLevel = packageLogger.getLevel();
        packageLogger.setLevel(Level.TRACE);
        captured.start();
        packageLogger.addAppender(captured);
    }

    @AfterEach
    void release() {
        packageLogger.detachAppender(captured);
        packageLogger.setLevel(previousLevel);
    }

    @Test
    void noLineNamesTheTarget(Vertx vertx) throws Exception {
        try (BlockingEchoServer echo = new BlockingEchoServer();
             Socks5ServerFixture server = Socks5ServerFixture.start(vertx,
                     new Socks5ServerOptions().setHandshakeTimeout(Duration.ofMillis(500)),
                     (host, port) -> host.equals(SECRET_HOST)
                             ? Future.failedFuture(new TunnelOpenException(Reason.POLICY_DENIED,
                                     "denied " + host + ":" + port))
                             : new DirectTunnelOpener(vertx).open(host, port))) {
            try (SocksTestClient denied = server.client()) {
                denied.send(greeting(0x00), connectDomain(SECRET_HOST, SECRET_PORT));
                denied.expect(new byte[] {5, 0});
                denied.expect(Socks5Bytes.reply(0x02));
            }
            try (SocksTestClient stalled = server.client()) {
                stalled.send(greeting(0x00));
                stalled.expect(new byte[] {5, 0});
                assertThat(stalled.closedByServer(5_000)).isTrue();
            }
            server.assertServes(echo);
            String echoPort = String.valueOf(echo.port());

            Socks5ServerFixture.eventually(Duration.ofSeconds(5), () -> messages().size() >= 3);
            assertThat(messages()).anyMatch(m -> m.startsWith("socks5 connect failed") && m.contains("reason=policy-denied"));
            assertThat(messages()).anyMatch(m -> m.startsWith("socks5 handshake failed") && m.contains("reason=timeout"));
            assertThat(messages()).allSatisfy(m -> assertThat(m)
                    .doesNotContain(SECRET_HOST, String.valueOf(SECRET_PORT), echoPort));
        }
    }

    private List<String> messages() {
        return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
