package alknet.config;

import java.util.List;

/** Cluster settings (40-cluster-ops.md section 3); restart to change. Null strings are unset. */
public record ClusterConfig(boolean enabled, List<String> members, String k8sService, String host, String name) {
    public ClusterConfig {
        members = List.copyOf(members);
        if (enabled && members.isEmpty() && k8sService == null) {
            throw new ConfigException("cluster mode needs a way to find members: set --cluster-members host:port,..."
                    + " or --cluster-k8s-service NAME (TOML: cluster.members or cluster.k8s_service)");
        }
    }

    static ClusterConfig from(EffectiveSettings s) {
        return new ClusterConfig(s.bool(Setting.CLUSTER), s.list(Setting.CLUSTER_MEMBERS),
                s.text(Setting.CLUSTER_K8S_SERVICE).orElse(null), s.text(Setting.CLUSTER_HOST).orElse(null),
                s.text(Setting.CLUSTER_NAME).orElse(null));
    }
}
