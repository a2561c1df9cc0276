package alknet.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What differs between the running {@link StaticConfig} and a reloaded one. A reload keeps the running static
 * settings and logs {@link #message()} (20-auth-config.md section 5); TLS files reload live (10-tunnel.md section 1),
 * so they are reported apart in {@link #tlsFilesChanged()}.
 */
public record StaticChanges(List<String> needsRestart, boolean tlsFilesChanged, List<ListenerConfig> liveTlsFiles) {
    public StaticChanges {
        needsRestart = List.copyOf(needsRestart);
        liveTlsFiles = java.util.Collections.unmodifiableList(new ArrayList<>(liveTlsFiles));
    }

    public static StaticChanges between(StaticConfig running, StaticConfig reloaded) {
        List<String> names = new ArrayList<>();
        if (!sameEndpoints(running.listeners(), reloaded.listeners())) {
            names.add("listen");
        }
        add(names, "host_key", running.hostKey(), reloaded.hostKey());
        add(names, "data_dir", running.dataDir(), reloaded.dataDir());
        add(names, "proxy", running.proxy(), reloaded.proxy());
        add(names, "ops_listen", running.opsListen(), reloaded.opsListen());
        add(names, "cluster", running.cluster(), reloaded.cluster());
        add(names, "keepalive", running.keepalive(), reloaded.keepalive());
        add(names, "drain_timeout", running.drainTimeout(), reloaded.drainTimeout());
        boolean tls = running.listeners().size() == reloaded.listeners().size();
        for (int i = 0; tls && i < running.listeners().size(); i++) {
            ListenerConfig a = running.listeners().get(i);
            ListenerConfig b = reloaded.listeners().get(i);
            tls = Objects.equals(a.tlsCert(), b.tlsCert()) && Objects.equals(a.tlsKey(), b.tlsKey());
        }
        return new StaticChanges(names, !tls, liveTls(running.listeners(), reloaded.listeners()));
    }

    /** Per running listener: the reloaded one when it is the same endpoint and has TLS files, else null. */
    private static List<ListenerConfig> liveTls(List<ListenerConfig> running, List<ListenerConfig> reloaded) {
        List<ListenerConfig> out = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            ListenerConfig next = i < reloaded.size() ? reloaded.get(i) : null;
            boolean live = next != null && running.get(i).sameEndpoint(next) && next.tlsCert() != null && next.tlsKey() != null;
            out.add(live ? next : null);
        }
        return out;
    }

    public boolean isEmpty() {
        return needsRestart.isEmpty();
    }

    /** {@code "needs restart: listen, ops_listen"}, or empty when nothing static changed. */
    public String message() {
        return isEmpty() ? "" : "needs restart: " + String.join(", ", needsRestart);
    }

    private static boolean sameEndpoints(List<ListenerConfig> a, List<ListenerConfig> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).sameEndpoint(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static void add(List<String> names, String name, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            names.add(name);
        }
    }
}
