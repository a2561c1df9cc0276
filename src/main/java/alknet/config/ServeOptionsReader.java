package alknet.config;

import alknet.api.ClusterOptions;
import alknet.api.ProxyUrl;
import alknet.api.ServeOptions;

import java.nio.file.Path;

/**
 * Turns effective settings (flags > environment > TOML > defaults) into the {@link ServeOptions} a server starts
 * with: listeners, keys, auth, forwarding, limits, ops, raw framing, cluster. Every value is checked here, where its
 * origin is known, so the server never meets a bad one; errors are {@link ConfigException}s naming flag, variable
 * or file and line.
 */
final class ServeOptionsReader {
    private ServeOptionsReader() {}

    static ServeOptions read(EffectiveSettings s) {
        Path dataDir = s.get(Setting.DATA_DIR);
        ServeOptions options = new ServeOptions()
                .listeners(ListenersReader.read(s))
                .dataDir(dataDir)
                .hostKey(s.get(Setting.KEY))
                .auth(AuthOptionsReader.read(s, dataDir))
                .forwarding(ForwardingRulesReader.read(s.file()))
                .limits(s.limits())
                .keepalive(s.get(Setting.KEEPALIVE))
                .drainTimeout(s.get(Setting.DRAIN_TIMEOUT))
                .maxFrame(checked(s, Setting.MAX_FRAME))
                .cluster(cluster(s));
        HostPort ops = HostPort.parse(s.get(Setting.OPS_LISTEN), ServeOptions.DEFAULT_OPS_PORT, s.origin(Setting.OPS_LISTEN));
        options.ops(ops.host(), ops.port());
        String raw = s.get(Setting.RAW_LISTEN);
        if (raw != null) {
            HostPort address = HostPort.parse(raw, 0, s.origin(Setting.RAW_LISTEN));
            options.rawListen(address.host(), address.port());
        }
        String proxy = s.get(Setting.PROXY);
        if (proxy != null) { // parsed here so a bad URL is a usage error naming where it was set
            options.proxy(ProxyUrl.parse(proxy, s.origin(Setting.PROXY)));
        }
        return options;
    }

    private static int checked(EffectiveSettings s, Setting<Integer> setting) {
        int value = s.get(setting);
        try {
            new ServeOptions().maxFrame(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.origin(setting) + ": " + e.getMessage(), e);
        }
        return value;
    }

    private static ClusterOptions cluster(EffectiveSettings s) {
        try {
            return new ClusterOptions(s.get(Setting.CLUSTER), s.get(Setting.CLUSTER_MEMBERS), s.get(Setting.CLUSTER_K8S_SERVICE),
                    s.get(Setting.CLUSTER_HOST), s.get(Setting.CLUSTER_PORT), s.get(Setting.CLUSTER_NAME));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.origin(Setting.CLUSTER) + ": " + e.getMessage(), e);
        }
    }
}
