package alknet.security;

import alknet.testsupport.LogCollector;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.Tag;

/**
 * Acceptance 2, property-based through the real jar and clients: generated spellings of loopback and unspecified
 * addresses ({@link LoopbackSpellings#any}: inet_aton forms, mapped and compatible IPv6 in many textual forms,
 * brackets, case, leading zeros) never reach the trap, through {@code ssh -W}, OpenSSH's SOCKS5 and alknet's SOCKS5
 * (domain and address types). Few tries here, as each costs real round trips; {@link LoopbackSpellingsPolicyTest}
 * runs thousands against the parser and policy directly. jqwik prints the seed of a failing run.
 */
@Tag("interop")
class LoopbackSpellingsPropertyIT {
    private static LoopbackTrap world;
    private static int mark;

    @BeforeContainer
    static void start() throws Exception {
        mark = LogCollector.mark();
        world = LoopbackTrap.start();
    }

    @AfterContainer
    static void stop() throws Exception {
        if (world != null) {
            try (LoopbackTrap w = world) {
                // jqwik classes are not seen by the Jupiter run-wide log check: check this run's lines here.
                w.assertTrapUntouched("every generated spelling");
                w.assertLogsNameNoDestination(mark);
            }
        }
    }

    @Property(tries = 30)
    void noGeneratedSpellingGetsThroughAnyPath(@ForAll("spellings") LoopbackSpellings.Spelling spelling)
            throws Exception {
        world.assertRefusedThroughStdio(spelling);
        world.assertRefusedThroughOpenSshSocks(spelling);
        world.assertRefusedThroughAlknetSocks(spelling);
    }

    @Provide
    Arbitrary<LoopbackSpellings.Spelling> spellings() {
        return LoopbackSpellings.any(true);
    }
}
