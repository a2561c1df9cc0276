package alknet.security;

import alknet.testsupport.LogCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.util.List;

/**
 * Acceptance 2 through the real jar and the real clients, the table of named spellings: under a policy that denies
 * 127.0.0.0/8 and ::1 (default allow), no spelling of a loopback address ({@link LoopbackSpellings#named()}:
 * inet_aton forms, mapped and compatible IPv6, leading zeros, case, 0.0.0.0, ::, and localhost) reaches the trap
 * listening on every local address, through {@code ssh -W}, {@code ssh -L}, OpenSSH's SOCKS5 ({@code ssh -D}) and
 * alknet's SOCKS5 (domain, IPv4 and IPv6 address types); the control row, an allowed non-loopback address of this
 * host, works through each of them. The generated spellings run in {@link LoopbackSpellingsPropertyIT}.
 */
@Tag("interop")
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoopbackSpellingsThroughServerIT {
    private LoopbackTrap world;
    private int mark;

    @BeforeAll
    void start() throws Exception {
        mark = LogCollector.mark();
        world = LoopbackTrap.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (world != null) {
            try (LoopbackTrap w = world) {
                w.assertTrapUntouched("every path");
                w.assertLogsNameNoDestination(mark);
            }
        }
    }

    @Test
    void controlRowWorksThroughEveryPath() throws Exception {
        world.assertControlWorksEverywhere();
    }

    @Test
    void noNamedSpellingGetsThroughStdioForwarding() {
        for (LoopbackSpellings.Spelling spelling : withLocalhost()) {
            world.assertRefusedThroughStdio(spelling);
        }
        // A few with a session each, so the refusal is also seen by an ssh that is not multiplexed.
        for (String text : List.of("0x7f000001", "::ffff:127.0.0.1", "0.0.0.0", "localhost")) {
            world.assertRefusedThroughStandaloneStdio(withLocalhost().stream().filter(s -> s.text().equals(text))
                    .findFirst().orElseThrow());
        }
    }

    @Test
    void noNamedSpellingGetsThroughLocalForwards() throws Exception {
        world.assertRefusedThroughLocalForwards(withLocalhost());
    }

    @Test
    void noNamedSpellingGetsThroughOpenSshSocks5() throws Exception {
        for (LoopbackSpellings.Spelling spelling : withLocalhost()) {
            world.assertRefusedThroughOpenSshSocks(spelling);
        }
    }

    @Test
    void noNamedSpellingGetsThroughAlknetSocks5() throws Exception {
        for (LoopbackSpellings.Spelling spelling : withLocalhost()) {
            world.assertRefusedThroughAlknetSocks(spelling);
        }
        for (LoopbackSpellings.Spelling spelling : LoopbackSpellings.named()) {
            if (spelling.ipv6()) {
                world.assertRefusedThroughAlknetSocks(new LoopbackSpellings.Spelling("[" + spelling.text() + "]",
                        spelling.meant(), true));
            }
        }
    }

    /** The named rows plus names that resolve to loopback (judged by their resolved addresses). */
    private static List<LoopbackSpellings.Spelling> withLocalhost() {
        List<LoopbackSpellings.Spelling> rows = new java.util.ArrayList<>(LoopbackSpellings.named());
        byte[] lo = {127, 0, 0, 1};
        rows.add(new LoopbackSpellings.Spelling("localhost", lo, false));
        rows.add(new LoopbackSpellings.Spelling("LOCALHOST", lo, false));
        rows.add(new LoopbackSpellings.Spelling("localhost.", lo, false));
        return rows;
    }
}
