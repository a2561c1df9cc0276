package alknet.cluster;

import alknet.api.ClusterOptions;
import alknet.testsupport.FreePorts;
import alknet.testsupport.ScriptedHead;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a head counts as joined (40-cluster-ops.md section 4), with real Hazelcast members on loopback: not while the
 * peers its member list names are down, yes once one joined, and still yes after they left again (the last head of a
 * rolling restart must stay in service; found by HeadFailoverIT).
 */
@Timeout(90)
class HazelcastMembersTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<HazelcastInstance> instances = new ArrayList<>();

    @AfterEach
    void shutdown() {
        instances.forEach(HazelcastInstance::shutdown);
    }

    @Test
    void notJoinedWhileItsPeersAreDownJoinedOnceOneCameAndStillJoinedAfterItLeft() throws Exception {
        int portA = FreePorts.pickPair();
        int portB = FreePorts.pickPair();
        List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
        HazelcastInstance a = start(new ClusterOptions(true, members, null, "127.0.0.1", portA, "alknet-members-test"));
        HazelcastMembers seenByA = new HazelcastMembers(a, new ClusterOptions(true, members, null, "127.0.0.1", portA,
                "alknet-members-test"));
        assertThat(seenByA.joined()).as("alone, its peer down").isFalse();

        HazelcastInstance b = start(new ClusterOptions(true, members, null, "127.0.0.1", portB, "alknet-members-test"));
        ScriptedHead.awaitTrue(() -> seenByA.size() == 2, WAIT, "the peer joined");
        assertThat(seenByA.joined()).isTrue();

        b.getLifecycleService().terminate(); // the peer crashes
        ScriptedHead.awaitTrue(() -> seenByA.size() == 1, WAIT, "the peer gone");
        assertThat(seenByA.joined()).as("alone again after the peer left: still in service").isTrue();
    }

    private HazelcastInstance start(ClusterOptions options) {
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(HazelcastSetup.config(options));
        instances.add(instance);
        return instance;
    }
}
