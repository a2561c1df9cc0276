package alknet.api;

import java.util.List;
import java.util.Objects;

/**
 * Head cluster settings (40-cluster-ops.md section 3): off by default. Members are found by a TCP-IP list
 * ({@code host:port}) or a Kubernetes headless Service; multicast is never used. The cluster name must not be
 * Hazelcast's default, so that a stray member of another cluster never joins.
 *
 * @param host   the interface the member port binds to (null = Hazelcast picks)
 * @param port   the member port
 */
public record ClusterOptions(boolean enabled, List<String> members, String k8sService, String host, int port,
                             String name) {
    public static final int DEFAULT_PORT = 5701;
    public static final String DEFAULT_NAME = "alknet";
    public static final ClusterOptions OFF = new ClusterOptions(false, List.of(), null, null, DEFAULT_PORT, DEFAULT_NAME);

    public ClusterOptions {
        members = List.copyOf(members);
        Objects.requireNonNull(name, "name");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("cluster port must be 1-65535, got " + port);
        }
        if (name.isBlank() || name.equals("dev")) {
            throw new IllegalArgumentException("cluster name must not be empty or Hazelcast's default 'dev'; pick a name"
                    + " of your own, e.g. --cluster-name alknet-prod");
        }
        if (enabled && members.isEmpty() && k8sService == null) {
            throw new IllegalArgumentException("cluster mode needs a way to find members: set --cluster-members"
                    + " host:port,... or --cluster-k8s-service NAME (TOML: cluster.members or cluster.k8s_service)");
        }
    }
}
