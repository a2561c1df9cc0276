package alknet.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * permitopen / permitlisten matching as sshd does it: the requested host as text (no DNS, so {@code localhost} is
 * not {@code 127.0.0.1}), port exact or {@code *}; listen hosts as sent by the client, with wildcards.
 */
class ForwardingRestrictionsTest {
    private static ForwardingRestrictions open(String... entries) {
        return new ForwardingRestrictions(true,
                List.of(entries).stream().map(e -> ForwardPermission.parseOpen("ak:1", e)).toList(), List.of());
    }

    private static ForwardingRestrictions listen(String... entries) {
        return new ForwardingRestrictions(true, List.of(),
                List.of(entries).stream().map(e -> ForwardPermission.parseListen("ak:1", e)).toList());
    }

    @Test
    void permitopenComparesWhatTheRequestedHostNamesWithoutDns() {
        ForwardingRestrictions r = open("127.0.0.1:18090", "DB.internal:5432", "[::1]:*");
        assertThat(r.permitsOpen("127.0.0.1", 18090)).isTrue();
        assertThat(r.permitsOpen("127.0.0.1", 18091)).isFalse();
        assertThat(r.permitsOpen("localhost", 18090)).as("no DNS: a name is not its address").isFalse();
        assertThat(r.permitsOpen("db.internal", 5432)).as("names compare case-insensitively").isTrue();
        assertThat(r.permitsOpen("db.internal.", 5432)).as("the same name").isTrue();
        assertThat(r.permitsOpen("db.internal.evil", 5432)).isFalse();
        assertThat(r.permitsOpen("::ffff:127.0.0.1", 18090)).as("the same address, spelled otherwise").isTrue();
        assertThat(r.permitsOpen("::1", 22)).isTrue();
        assertThat(r.permitsOpen("::1", 65535)).isTrue();
        assertThat(r.permitsOpenToHost("db.internal")).isTrue();
        assertThat(r.permitsOpenToHost("example.com")).isFalse();
    }

    @Test
    void permitopenAnyHost() {
        ForwardingRestrictions r = open("*:443");
        assertThat(r.permitsOpen("example.com", 443)).isTrue();
        assertThat(r.permitsOpen("example.com", 80)).isFalse();
        assertThat(r.permitsOpenToHost("anything")).isTrue();
    }

    @Test
    void permitlistenMatchesTheBindHostAsSent() {
        ForwardingRestrictions r = listen("127.0.0.1:8080", "localhost:*", "9000");
        assertThat(r.permitsListen("127.0.0.1", 8080)).isTrue();
        assertThat(r.permitsListen("127.0.0.1", 8081)).isFalse();
        assertThat(r.permitsListen("localhost", 8081)).isTrue();
        assertThat(r.permitsListen("LocalHost", 1)).isTrue();
        assertThat(r.permitsListen("", 9000)).as("bare port = any host, including the wildcard bind").isTrue();
        assertThat(r.permitsListen("0.0.0.0", 9000)).isTrue();
        assertThat(r.permitsListen("127.0.0.1", 0)).as("port 0 only under *").isFalse();
        assertThat(listen("127.0.0.?:*").permitsListen("127.0.0.1", 0)).isTrue();
    }

    @Test
    void noForwardingAllowsNothingWhateverTheLists() {
        ForwardingRestrictions r = open("*:*").withoutPortForwarding();
        assertThat(r.permitsOpen("127.0.0.1", 22)).isFalse();
        assertThat(r.permitsOpenToHost("127.0.0.1")).isFalse();
        assertThat(r.permitsListen("127.0.0.1", 8080)).isFalse();
        assertThat(ForwardingRestrictions.NO_FORWARDING.isUnrestricted()).isFalse();
        assertThat(ForwardingRestrictions.NONE.isUnrestricted()).isTrue();
    }

    @Test
    void emptyListsLimitNothing() {
        assertThat(ForwardingRestrictions.NONE.permitsOpen("anything", 1)).isTrue();
        assertThat(ForwardingRestrictions.NONE.permitsListen("", 0)).isTrue();
        assertThat(open("db:5432").permitsListen("127.0.0.1", 8080)).as("permitopen does not limit -R").isTrue();
        assertThat(listen("8080").permitsOpen("db", 5432)).as("permitlisten does not limit -L").isTrue();
    }
}
