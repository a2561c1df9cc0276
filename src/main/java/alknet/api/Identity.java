package alknet.api;

import java.util.List;
import java.util.Map;

/**
 * Who a session is (20-auth-config.md section 1): id is the key fingerprint; scopes and resources say what it
 * may do. Fixed for the life of a session.
 */
public record Identity(String id, List<String> scopes, Map<String, List<String>> resources) {
    public static final List<String> DEFAULT_SCOPES = List.of("relay:connect");

    public Identity {
        scopes = List.copyOf(scopes);
        resources = Map.copyOf(resources);
    }

    public static Identity ofKey(String fingerprint) {
        return new Identity(fingerprint, DEFAULT_SCOPES, Map.of());
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
