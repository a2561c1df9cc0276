package alknet.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broken file is rejected as a whole with file, line and a hint (20-auth-config.md section 5). */
class BrokenConfigTest {
    @TempDir
    Path dir;

    @Test
    void syntaxErrorReportsFileAndLine() throws Exception {
        Path file = write("[server]\nlisten = \"0.0.0.0:22\"\nops_listen = = 3\n");
        assertThatThrownBy(() -> AlknetConfigFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":3: TOML syntax error")
                .hasMessageContaining("fix the syntax");
    }

    @Test
    void duplicateKeyIsASyntaxErrorAtTheSecondOne() {
        assertThatThrownBy(() -> parse("[limits]\nmax_startups = 1\nmax_startups = 2\n"))
                .hasMessageStartingWith("t.toml:3: TOML syntax error: 'limits.max_startups' is set twice");
    }

    @Test
    void unknownKeyNamesKeyTableAndLine() {
        assertThatThrownBy(() -> parse("[server]\nlisten = \"0.0.0.0:22\"\n\nlistn = \"x\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.toml:4: unknown key 'listn' in [server]")
                .hasMessageContaining("remove it or correct the spelling")
                .hasMessageContaining("listen, max_frame, ops_listen");
    }

    @Test
    void unknownKeyInTheSecondArrayOfTablesEntry() {
        String text = "[[auth.identities]]\nkey = \"a\"\n[[auth.identities]]\nkey = \"b\"\nscops = [\"x\"]\n";
        assertThatThrownBy(() -> parse(text))
                .hasMessageStartingWith("t.toml:5: unknown key 'scops' in [auth.identities[1]]");
    }

    @Test
    void unknownTableAtTheTopLevel() {
        assertThatThrownBy(() -> parse("[limits]\nmax_startups = 5\n\n[limit]\nmax_startups = 5\n"))
                .hasMessageStartingWith("t.toml:4: unknown key 'limit' at the top level");
    }

    @Test
    void stringWhereANumberBelongsNamesKeyAndLine() {
        assertThatThrownBy(() -> parse("[limits]\nmax_startups = 3\nmax_auth_attempts = \"100\"\n"))
                .hasMessageStartingWith("t.toml:3: limits.max_auth_attempts has the wrong type: expected a whole number");
    }

    @Test
    void numberWhereAStringBelongs() {
        assertThatThrownBy(() -> parse("[server]\nlisten = 22\n"))
                .hasMessageStartingWith("t.toml:2: server.listen has the wrong type: expected a string");
    }

    @Test
    void fractionWhereAWholeNumberBelongs() {
        assertThatThrownBy(() -> parse("[limits]\nmax_auth_attempts = 2.5\n"))
                .hasMessageStartingWith("t.toml:2: limits.max_auth_attempts has the wrong type");
    }

    @Test
    void stringWhereABooleanBelongs() {
        assertThatThrownBy(() -> parse("[[listeners]]\ntransport = \"tls\"\nlisten = \"0.0.0.0:443\"\nstealth = \"yes\"\n"))
                .hasMessageStartingWith("t.toml:4: listeners[0].stealth has the wrong type: expected true or false");
    }

    @Test
    void tableWhereAListBelongs() {
        assertThatThrownBy(() -> parse("[forwarding]\nrules = \"allow\"\n"))
                .hasMessageStartingWith("t.toml:2: forwarding.rules has the wrong type: expected a list");
    }

    @Test
    void badDurationNamesKeyLineAndForm() {
        assertThatThrownBy(() -> parse("[limits]\nauth_timeout = \"30 seconds\"\n"))
                .hasMessageStartingWith("t.toml:2: limits.auth_timeout: '30 seconds' is not a duration")
                .hasMessageContaining("\"2m\"");
    }

    @Test
    void badLimitValueCarriesLimitsMessageAndLine() {
        assertThatThrownBy(() -> parse("[limits]\nmax_startups = 5\nmax_auth_attempts = 0\n"))
                .hasMessage("t.toml:3: limits.max_auth_attempts: max-auth-attempts must be >= 1, got 0");
    }

    @Test
    void zeroAuthTimeoutIsRefusedByLimits() {
        assertThatThrownBy(() -> parse("[limits]\nauth_timeout = \"0s\"\n"))
                .hasMessageStartingWith("t.toml:2: limits.auth_timeout: auth-timeout must be positive");
    }

    @Test
    void ruleActionMustBeAllowOrDeny() {
        String text = "[forwarding]\ndefault = \"deny\"\n[[forwarding.rules]]\ntarget = \"*:443\"\naction = \"permit\"\n";
        assertThatThrownBy(() -> parse(text))
                .hasMessage("t.toml:5: forwarding.rules[0].action: 'permit' is not allowed; use one of allow, deny");
    }

    @Test
    void ruleWithoutTargetIsRefused() {
        assertThatThrownBy(() -> parse("[[forwarding.rules]]\naction = \"allow\"\n"))
                .hasMessageStartingWith("t.toml:1: forwarding.rules[0]: missing key 'target'");
    }

    @Test
    void stealthOnATcpListenerIsRefused() {
        assertThatThrownBy(() -> parse("[[listeners]]\ntransport = \"tcp\"\nlisten = \"0.0.0.0:22\"\nstealth = true\n"))
                .hasMessageStartingWith("t.toml:4: listeners[0].stealth: stealth works only with transport = \"tls\"");
    }

    @Test
    void unknownTransportIsRefused() {
        assertThatThrownBy(() -> parse("[server]\ntransport = \"quic\"\n"))
                .hasMessage("t.toml:2: server.transport: 'quic' is not allowed; use one of tcp, tls, ws");
    }

    @Test
    void missingFileNamesThePathAndTheFlag() {
        Path missing = dir.resolve("nope.toml");
        assertThatThrownBy(() -> AlknetConfigFile.read(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read config file " + missing)
                .hasMessageContaining("--config");
    }

    private static AlknetConfigFile parse(String text) {
        return AlknetConfigFile.parse("t.toml", text);
    }

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("alknet.toml"), text);
    }
}
