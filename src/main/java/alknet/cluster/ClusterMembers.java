package alknet.cluster;

import java.util.function.Consumer;

/** The heads of the cluster as this head sees them (40-cluster-ops.md sections 2-3). */
public interface ClusterMembers {
    /** This head's member id, as {@code alknet-nodes} entries name it. */
    String localId();

    boolean isMember(String memberId);

    int size();

    /** True once this head has joined the cluster it was configured for (readiness, 40-cluster-ops.md section 4). */
    boolean joined();

    /** {@code listener} hears of every member that leaves (crash or shutdown), with its id. */
    void onMemberLeft(Consumer<String> listener);
}
