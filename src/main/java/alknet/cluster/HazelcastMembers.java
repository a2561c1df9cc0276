package alknet.cluster;

import alknet.api.ClusterOptions;
import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The Hazelcast members of a head cluster, by member UUID. A head is joined once it has seen another member, or when
 * its member list names nobody but itself (the first head of a list, a one-replica Kubernetes discovery): a head whose
 * peers are all down at its start keeps serving its own sessions but reports not-ready until one of them joins
 * (40-cluster-ops.md section 4). Joined stays joined when the others leave: the last head of a rolling restart is the
 * one that must stay in service.
 */
public final class HazelcastMembers implements ClusterMembers {
    private static final Logger LOG = LoggerFactory.getLogger("alknet.cluster");

    private final HazelcastInstance hazelcast;
    private final String localId;
    private final boolean expectsPeers;
    private final List<Consumer<String>> leftListeners = new CopyOnWriteArrayList<>();
    private volatile boolean sawPeer;

    /** Blocking (resolves the configured member names): call it off the event loop. */
    public HazelcastMembers(HazelcastInstance hazelcast, ClusterOptions options) {
        this.hazelcast = hazelcast;
        this.localId = hazelcast.getCluster().getLocalMember().getUuid().toString();
        this.expectsPeers = options.k8sService() == null
                && namesAnotherMember(options, hazelcast.getCluster().getLocalMember().getAddress());
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                LOG.info("cluster member joined members={}", event.getMembers().size());
                sawPeer |= event.getMembers().size() > 1;
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                LOG.info("cluster member left members={}", event.getMembers().size());
                String id = event.getMember().getUuid().toString();
                leftListeners.forEach(l -> l.accept(id));
            }
        });
        sawPeer |= hazelcast.getCluster().getMembers().size() > 1;
    }

    private static boolean namesAnotherMember(ClusterOptions options, Address self) {
        for (String member : options.members()) {
            int colon = member.lastIndexOf(':');
            String host = colon > 0 ? member.substring(0, colon) : member;
            int port = colon > 0 ? Integer.parseInt(member.substring(colon + 1)) : options.port();
            if (port != self.getPort() || !sameHost(host, self)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameHost(String host, Address self) {
        try {
            return InetAddress.getByName(host.replaceAll("^\\[|]$", "")).equals(InetAddress.getByName(self.getHost()));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String localId() {
        return localId;
    }

    @Override
    public boolean isMember(String memberId) {
        for (Member member : hazelcast.getCluster().getMembers()) {
            if (member.getUuid().toString().equals(memberId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        return hazelcast.getLifecycleService().isRunning() ? hazelcast.getCluster().getMembers().size() : 0;
    }

    @Override
    public boolean joined() {
        int members = size();
        sawPeer |= members > 1;
        return members > 0 && (sawPeer || !expectsPeers);
    }

    @Override
    public void onMemberLeft(Consumer<String> listener) {
        leftListeners.add(listener);
    }
}
