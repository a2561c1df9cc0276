package alknet.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TomlKeyLocatorTest {
    private static final String TEXT = """
            top = 1
            [server]
            listen = "x"   # comment [not.a.table]
            "quoted.key" = 2
            [server.tls]
            cert = "c"
            [[auth.identities]]
            key = "a"
            scopes = [
              "s1",
              "[fake]",
            ]
            resources = { node = ["*"] }
            [[auth.identities]]
            key = '''
            [also.fake]
            '''
            scopes = ["x"]
            [[listeners]]
            [listeners.tls]
            cert = "l0"
            [[listeners]]
            [listeners.tls]
            cert = "l1"
            [a]
            b.c = 1
            """;
    private final TomlKeyLocator locator = TomlKeyLocator.of(TEXT);

    @Test
    void findsKeysInTablesAndArraysOfTables() {
        assertThat(line("top")).isEqualTo(1);
        assertThat(line("server")).isEqualTo(2);
        assertThat(line("server", "listen")).isEqualTo(3);
        assertThat(line("server", "quoted.key")).isEqualTo(4);
        assertThat(line("server", "tls", "cert")).isEqualTo(6);
        assertThat(line("auth", "identities", 0, "key")).isEqualTo(8);
        assertThat(line("auth", "identities", 1, "key")).isEqualTo(15);
        assertThat(line("auth", "identities", 1, "scopes")).isEqualTo(18);
        assertThat(line("listeners", 0, "tls", "cert")).isEqualTo(21);
        assertThat(line("listeners", 1, "tls", "cert")).isEqualTo(24);
        assertThat(line("a", "b", "c")).isEqualTo(26);
    }

    @Test
    void linesInsideMultiLineValuesAreNotKeysOrTables() {
        assertThat(line("auth", "identities", 0, "resources")).isEqualTo(13);
        assertThat(line("fake")).isEqualTo(-1);
        assertThat(line("also", "fake")).isEqualTo(-1);
    }

    @Test
    void aPathIntoAValueFallsBackToItsKeyOrTable() {
        assertThat(line("auth", "identities", 0, "scopes", 1)).isEqualTo(9);
        assertThat(line("auth", "identities", 0, "resources", "node")).isEqualTo(13);
        assertThat(line("server", "unknown_key")).isEqualTo(2);
        assertThat(line("nowhere")).isEqualTo(-1);
    }

    @Test
    void dottedShowsIndexesInBrackets() {
        assertThat(TomlKeyLocator.dotted(List.of("auth", "identities", 1, "key"))).isEqualTo("auth.identities[1].key");
    }

    private int line(Object... path) {
        return locator.line(List.of(path)).orElse(-1);
    }
}
