package alknet.cluster;

import java.util.function.Consumer;

/** A head without a cluster: the only member, always joined. */
public final class SingleHead implements ClusterMembers {
    public static final String MEMBER_ID = "local";

    @Override
    public String localId() {
        return MEMBER_ID;
    }

    @Override
    public boolean isMember(String memberId) {
        return MEMBER_ID.equals(memberId);
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public boolean joined() {
        return true;
    }

    @Override
    public void onMemberLeft(Consumer<String> listener) {
        // nobody else can leave
    }
}
