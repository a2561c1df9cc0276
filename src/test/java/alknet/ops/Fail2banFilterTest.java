package alknet.ops;

import alknet.testsupport.AlknetTestNodes;
import alknet.testsupport.ExternalCommand;
import alknet.testsupport.LogCollector;
import alknet.testsupport.SshKeyPair;
import alknet.testsupport.SshKeys;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * 10-tunnel.md section 4: the shipped fail2ban filter's failregex, run against the lines a real in-process server
 * writes (formatted with the production logback pattern), matches every rejected login and captures the client IP,
 * and matches nothing else: not accepted logins, not connection lines, not a user name crafted to look like a
 * reject line for another address.
 */
@Timeout(120)
class Fail2banFilterTest {
    private static final Path FILTER = Path.of("conf/fail2ban/filter.d/alknet.conf");
    private static final Path JAIL = Path.of("conf/fail2ban/jail.d/alknet.conf");
    private static final String VICTIM = "198.51.100.7";
    private static final String FORGED_USER = "x auth attempt remote_addr=" + VICTIM
            + " remote_port=1 user=x key_fingerprint=y result=reject method=publickey";
    /** What fail2ban's datepattern {^LN-BEG}%Y-%m-%dT%H:%M:%S\.%f%z removes from the start of a file line. */
    private static final Pattern LEADING_DATE =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{1,6}(?:Z|[+-]\\d{2}(?::?\\d{2})?)");

    private static final List<String> REJECTED = new ArrayList<>();
    private static final List<String> OTHERS = new ArrayList<>();
    private static Pattern failregex;

    @BeforeAll
    static void captureLinesFromARealServer() throws Exception {
        failregex = Fail2banFilterFile.read(FILTER).failregex();
        LogCollector.installInProcess();
        List<String> lines;
        String strangerFingerprint;
        String clientFingerprint;
        try (ProductionFormatLines capture = ProductionFormatLines.install();
             AlknetTestNodes nodes = AlknetTestNodes.start()) {
            SshKeyPair stranger = SshKeys.generateEd25519(nodes.dir(), "stranger_ed25519");
            strangerFingerprint = stranger.fingerprint();
            clientFingerprint = SshKeys.fingerprint(nodes.clientKey().resolveSibling("id_ed25519.pub"));
            refused(nodes, o -> o.identity(stranger.privateKey()));
            refused(nodes, o -> o.identity(stranger.privateKey()).user(FORGED_USER));
            nodes.connect(o -> o.user(FORGED_USER));
            nodes.connect();
            lines = capture.lines();
        }
        for (String line : lines) {
            (line.contains("key_fingerprint=" + strangerFingerprint + " result=reject") ? REJECTED : OTHERS).add(line);
        }
        assertThat(REJECTED).as("real reject lines").hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(l -> assertThat(l).contains(FORGED_USER.replace("x auth", "\"x auth")));
        assertThat(OTHERS).as("accepted logins, forged user included")
                .anySatisfy(l -> assertThat(l).contains("key_fingerprint=" + clientFingerprint + " result=accept")
                        .contains(VICTIM))
                .anySatisfy(l -> assertThat(l).contains("connection opened remote_addr=127.0.0.1"));
    }

    private static void refused(AlknetTestNodes nodes, java.util.function.Consumer<alknet.api.ConnectOptions> o) {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> nodes.connect(o))).isNotNull();
    }

    @Test
    void everyRejectLineMatchesAndCapturesTheClientAddress() {
        for (String line : REJECTED) {
            Matcher m = failregex.matcher(withoutDate(line));
            assertThat(m.find()).as("failregex matches %s", line).isTrue();
            assertThat(m.group(Fail2banFilterFile.HOST_GROUP)).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void journalLinesMatchToo() {
        for (String line : REJECTED) {
            Matcher m = failregex.matcher("gateway alknet[4242]: " + line);
            assertThat(m.find()).as("journal form of %s", line).isTrue();
            assertThat(m.group(Fail2banFilterFile.HOST_GROUP)).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void acceptedLoginsAndOtherLinesDoNotMatch() {
        for (String line : OTHERS) {
            assertThat(failregex.matcher(withoutDate(line)).find()).as("no match for %s", line).isFalse();
            assertThat(failregex.matcher("gateway alknet[4242]: " + line).find()).as("journal: %s", line).isFalse();
        }
    }

    @Test
    void hostAlsoMatchesIpv6Addresses() {
        String line = " INFO  auth attempt remote_addr=2001:db8::5 remote_port=4 user=root key_fingerprint=SHA256:k "
                + "result=reject method=publickey reason=unknown-key";
        Matcher m = failregex.matcher(line);
        assertThat(m.find()).isTrue();
        assertThat(m.group(Fail2banFilterFile.HOST_GROUP)).isEqualTo("2001:db8::5");
    }

    @Test
    void filterAndJailHaveTheRequiredSettings() throws Exception {
        Fail2banFilterFile filter = Fail2banFilterFile.read(FILTER);
        assertThat(filter.raw("Definition", "ignoreregex")).isNotNull();
        assertThat(filter.value("Definition", "datepattern")).isEqualTo("{^LN-BEG}%Y-%m-%dT%H:%M:%S\\.%f%z");
        Fail2banFilterFile jail = Fail2banFilterFile.read(JAIL);
        assertThat(jail.raw("alknet", "filter")).isEqualTo("alknet");
        assertThat(jail.raw("alknet", "enabled")).isEqualTo("true");
        assertThat(jail.raw("alknet", "usedns")).isEqualTo("no");
        assertThat(Integer.parseInt(jail.raw("alknet", "maxretry"))).isPositive();
        assertThat(jail.raw("alknet", "bantime")).isNotBlank();
    }

    /** Where fail2ban itself is installed, its own fail2ban-regex must find exactly the reject lines' address. */
    @Test
    void realFail2banRegexAgrees() throws Exception {
        assumeThat(ExternalCommand.run(Duration.ofSeconds(10), "sh", "-c", "command -v fail2ban-regex").exitCode())
                .as("fail2ban-regex installed").isZero();
        Path log = Files.createTempFile("alknet-fail2ban", ".log");
        try {
            List<String> all = new ArrayList<>(REJECTED);
            all.addAll(OTHERS);
            Files.write(log, all);
            ExternalCommand.Result r = ExternalCommand.run(Duration.ofSeconds(60), "fail2ban-regex", "-o", "ip",
                    log.toString(), FILTER.toAbsolutePath().toString()).requireSuccess();
            List<String> ips = Arrays.stream(r.stdout().split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            assertThat(ips).hasSize(REJECTED.size()).containsOnly("127.0.0.1");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String withoutDate(String line) {
        Matcher m = LEADING_DATE.matcher(line);
        assertThat(m.find()).as("line starts with the logback date: %s", line).isTrue();
        return line.substring(m.end());
    }

    /** Records the alknet.server lines exactly as the production logback pattern writes them to stderr. */
    private static final class ProductionFormatLines extends AppenderBase<ILoggingEvent> implements AutoCloseable {
        private final PatternLayout layout = new PatternLayout();
        private final List<String> lines = new ArrayList<>();
        private Logger logger;

        static ProductionFormatLines install() throws Exception {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            ProductionFormatLines appender = new ProductionFormatLines();
            appender.layout.setContext(context);
            appender.layout.setPattern(productionPattern());
            appender.layout.start();
            appender.setContext(context);
            appender.start();
            appender.logger = context.getLogger("alknet.server");
            appender.logger.addAppender(appender);
            return appender;
        }

        private static String productionPattern() throws Exception {
            try (InputStream in = Fail2banFilterTest.class.getResourceAsStream("/logback.xml")) {
                String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = Pattern.compile("<pattern>(.*?)</pattern>").matcher(xml);
                assertThat(m.find()).as("logback.xml has a pattern").isTrue();
                return m.group(1);
            }
        }

        @Override
        protected synchronized void append(ILoggingEvent event) {
            lines.add(layout.doLayout(event).stripTrailing());
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void close() {
            logger.detachAppender(this);
            stop();
        }
    }
}
