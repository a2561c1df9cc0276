package alknet.auth;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * sshd(8) AUTHORIZED_KEYS FILE FORMAT, options field: what each option leaves of forwarding, the order rule of
 * {@code restrict}, and fail-closed errors with FILE:LINE for everything alknet does not honour.
 */
class KeyOptionsParserTest {
    private static final String KEY = keyLine();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static String keyLine() {
        try {
            return PublicKeyEntry.toString(KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256).getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The options of the one line "# comment" + OPTIONS KEY, parsed as file "ak" (the key sits on line 2). */
    private static KeyOptions options(String options) {
        AuthorizedKeys keys = AuthorizedKeys.parse("ak", List.of("# team", options + " " + KEY), BERLIN);
        List<AuthorizedKey> lines = keys.certAuthorityLines().isEmpty()
                ? keys.lines(keys.keys().iterator().next()) : keys.certAuthorityLines();
        return lines.get(0).options();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            restrict                                       | no-port-forwarding
            no-port-forwarding                             | no-port-forwarding
            No-Port-Forwarding                             | no-port-forwarding
            restrict,port-forwarding                       | permitopen=any permitlisten=any
            port-forwarding,restrict                       | no-port-forwarding
            port-forwarding                                | permitopen=any permitlisten=any
            restrict,port-forwarding,no-port-forwarding    | no-port-forwarding
            permitopen="db.internal:5432"                  | permitopen=[db.internal:5432] permitlisten=any
            permitopen="[fd00::1]:*",permitopen="*:443"    | permitopen=[[fd00::1]:*, *:443] permitlisten=any
            PermitOpen="10.0.0.1/22"                       | permitopen=[10.0.0.1:22] permitlisten=any
            permitlisten="8080"                            | permitopen=any permitlisten=[*:8080]
            permitlisten="localhost:*"                     | permitopen=any permitlisten=[localhost:*]
            restrict,permitopen="db:5432"                  | no-port-forwarding
            no-pty,no-agent-forwarding,no-X11-forwarding,no-user-rc,pty,agent-forwarding,x11-forwarding,user-rc | permitopen=any permitlisten=any
            environment="LANG=C",tunnel="any",tunnel="7"   | permitopen=any permitlisten=any
            touch-required,no-verify-required              | permitopen=any permitlisten=any
            """)
    void forwardingLeftByTheOptions(String options, String forwarding) {
        assertThat(options(options).forwarding()).hasToString(forwarding);
    }

    @Test
    void optionsWithoutForwardingEffectRestrictNothing() {
        assertThat(options("no-pty,no-agent-forwarding").forwarding().isUnrestricted()).isTrue();
        assertThat(options("from=\"127.0.0.1\"").forwarding().isUnrestricted()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            frobnicate                        | unknown option 'frobnicate'
            no-port-forwarding,x-custom       | unknown option 'x-custom'
            from=10.0.0.1                     | from= needs its value in double quotes
            from="10.0.0.1                    | from= has no closing double quote
            from="10.0.0.1"x                  | text after from=
            from="10.0.0.1",from="10.0.0.2"   | more than one from= option
            command="a",command="b"           | more than one command= option
            from                              | from needs a value
            restrict="yes"                    | restrict takes no value
            no-port-forwarding,,no-pty        | empty option
            no-pty,                           | the options end with a comma
            principals="alice"                | principals= is only allowed on a cert-authority line
            verify-required                   | verify-required is not supported
            no-touch-required                 | no-touch-required is not supported
            permitopen="db"                   | permitopen="db": expected HOST:PORT
            permitopen="db:0"                 | the port must be 1-65535 or *
            permitopen="db:65536"             | the port must be 1-65535 or *
            permitopen=":22"                  | the host is empty
            permitopen="::1:22"               | the host is empty
            permitopen="[::1]"                | an IPv6 host needs brackets
            permitlisten="localhost:http"     | the port must be 1-65535 or *
            expiry-time="2020-01-01"          | expiry-time="2020-01-01" is not a time
            expiry-time="20201301"            | is not a time
            expiry-time="202001011"           | is not a time
            from="office.example.com"         | is a host name
            from="10.0.0.1/8"                 | is not a valid CIDR block
            from="10.0.0.0/33"                | is not a valid CIDR block
            from="10.0.0.0/8,,192.0.2.1"      | has an empty entry
            environment="1X=y"                | is not NAME=value
            tunnel="tun0"                     | is not a tun device number
            """)
    void lineIsRejectedWithFileAndLine(String options, String problem) {
        assertThatThrownBy(() -> options(options))
                .isInstanceOf(KeyFileException.class)
                .hasMessageStartingWith("ak:2: ")
                .hasMessageContaining(problem);
    }

    @Test
    void spaceBetweenOptionsIsReported() {
        assertThatThrownBy(() -> options("restrict from=\"10.0.0.1\""))
                .hasMessageStartingWith("ak:2: 'from=\"10.0.0.1\"' after the options is not a key type");
    }

    @Test
    void misspelledKeyTypeIsReportedAsSuch() {
        assertThatThrownBy(() -> AuthorizedKeys.parse("ak", List.of(KEY.replace("ssh-ed25519", "ssh-ed2559"))))
                .hasMessageStartingWith("ak:1: unsupported key type 'ssh-ed2559'");
    }

    @Test
    void quotedValuesKeepCommasSpacesAndEscapedQuotes() {
        KeyOptions o = options("command=\"echo \\\"a, b\\\" c\",restrict,port-forwarding,from=\"10.0.0.0/8,127.0.0.1\"");
        assertThat(o.loginRefusal("127.0.0.1", Instant.now())).isNull();
        assertThat(o.loginRefusal("192.0.2.1", Instant.now())).isEqualTo(KeyOptions.SOURCE);
    }

    @Test
    void expiryTimeIsLocalTimeUnlessItEndsInZOrUtc() {
        assertThat(options("expiry-time=\"20300102\"").expiry()).contains(Instant.parse("2030-01-01T23:00:00Z"));
        assertThat(options("expiry-time=\"203001021530\"").expiry()).contains(Instant.parse("2030-01-02T14:30:00Z"));
        assertThat(options("expiry-time=\"20300102153059Z\"").expiry()).contains(Instant.parse("2030-01-02T15:30:59Z"));
        assertThat(options("expiry-time=\"203001021530utc\"").expiry()).contains(Instant.parse("2030-01-02T15:30:00Z"));
        // sshd keeps the earliest of several
        assertThat(options("expiry-time=\"20310101Z\",expiry-time=\"20300101Z\"").expiry())
                .contains(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void expiryTimeRefusesOnlyAfterTheNamedSecond() {
        KeyOptions o = options("expiry-time=\"20300102153059Z\"");
        assertThat(o.loginRefusal("127.0.0.1", Instant.parse("2030-01-02T15:30:59.900Z"))).isNull();
        assertThat(o.loginRefusal("127.0.0.1", Instant.parse("2030-01-02T15:31:00Z"))).isEqualTo(KeyOptions.EXPIRED);
    }

    @Test
    void commandRefusesTheKeyUnlessTheLineEnablesPortForwardingItself() {
        Instant now = Instant.now();
        assertThat(options("command=\"/bin/false\"").loginRefusal("127.0.0.1", now)).isEqualTo(KeyOptions.COMMAND);
        assertThat(options("no-pty,command=\"/bin/false\",permitopen=\"db:5432\"").loginRefusal("127.0.0.1", now))
                .isEqualTo(KeyOptions.COMMAND);
        assertThat(options("command=\"/bin/false\",port-forwarding,no-port-forwarding").loginRefusal("127.0.0.1", now))
                .isEqualTo(KeyOptions.COMMAND);
        KeyOptions tunnelOnly = options("restrict,port-forwarding,command=\"/bin/false\"");
        assertThat(tunnelOnly.loginRefusal("127.0.0.1", now)).isNull();
        assertThat(tunnelOnly.forwarding().portForwarding()).isTrue();
    }

    @Test
    void principalsBelongToCertAuthorityLines() {
        KeyOptions ca = options("cert-authority,principals=\"alice,ops\"");
        Instant now = Instant.now();
        assertThat(ca.certAuthority()).isTrue();
        assertThat(ca.certificateRefusal(List.of("bob", "ops"), "127.0.0.1", now)).isNull();
        assertThat(ca.certificateRefusal(List.of("bob"), "127.0.0.1", now)).isEqualTo(CertificateCheck.PRINCIPAL);
        assertThat(options("principals=\"x\",cert-authority").certAuthority()).as("order does not matter").isTrue();
    }

    @Test
    void sameOptionsCompareEqualSoAReloadSeesAChangeOnlyWhenThereIsOne() {
        assertThat(AuthorizedKeys.parse("a", List.of("restrict " + KEY), ZoneOffset.UTC))
                .isEqualTo(AuthorizedKeys.parse("b", List.of("# moved down", "restrict " + KEY), ZoneOffset.UTC))
                .isNotEqualTo(AuthorizedKeys.parse("c", List.of("no-pty " + KEY), ZoneOffset.UTC));
    }
}
