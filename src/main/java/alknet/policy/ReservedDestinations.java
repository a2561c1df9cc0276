package alknet.policy;

import java.util.Locale;

/** {@code alknet-*} host names (case-insensitive) name in-process services, never TCP targets (10-tunnel.md section 3). */
public final class ReservedDestinations {
    private ReservedDestinations() {}

    public static boolean isReserved(String host) {
        return host != null && host.toLowerCase(Locale.ROOT).startsWith("alknet-");
    }
}
