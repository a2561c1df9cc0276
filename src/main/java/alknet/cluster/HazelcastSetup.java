package alknet.cluster;

import alknet.api.ClusterOptions;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The Hazelcast member configuration of a head (40-cluster-ops.md section 3): the cluster name, the member port on
 * the chosen interface only, TCP-IP members or Kubernetes DNS discovery, never multicast or auto-detection.
 * Hazelcast's open-source edition authenticates no member, so the member port is protected by where it binds and,
 * in Kubernetes, a NetworkPolicy admitting only head pods (docs/decisions.md). Failure detection is tuned for a
 * LAN: a member silent for 5 s is gone, so a crashed head's workers are cleaned up within seconds.
 */
public final class HazelcastSetup {
    /** Seconds without a heartbeat before a member counts as dead. */
    static final int MAX_NO_HEARTBEAT_SECONDS = 5;

    private HazelcastSetup() {}

    /** Blocking (resolves the bind host): call it off the event loop. */
    public static Config config(ClusterOptions options) {
        Config config = new Config();
        config.setClusterName(options.name());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(options.port()).setPortAutoIncrement(false).setPortCount(1);
        if (options.host() != null) {
            String address = resolve(options.host());
            config.setProperty("hazelcast.socket.bind.any", "false");
            config.setProperty("hazelcast.local.localAddress", address);
            network.getInterfaces().setEnabled(true).addInterface(address);
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (options.k8sService() != null) {
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-dns", options.k8sService())
                    .setProperty("service-port", String.valueOf(options.port()));
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(options.members()).setConnectionTimeoutSeconds(2);
        }
        return config;
    }

    /** The event-bus port beside a member port: the member port plus one (a NetworkPolicy or firewall names both). */
    public static int busPort(ClusterOptions options) {
        return options.port() + 1;
    }

    private static String resolve(String host) {
        try {
            return InetAddress.getByName(host.replaceAll("^\\[|]$", "")).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cluster host " + host + " does not resolve; use an address of this"
                    + " machine (--cluster-host)", e);
        }
    }
}
