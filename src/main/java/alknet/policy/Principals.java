package alknet.policy;

import alknet.api.Identity;

import java.util.List;

/**
 * The principals test of a rule (20-auth-config.md section 4): an empty list or {@code *} matches every
 * authenticated identity; otherwise an entry must equal the identity's id (its key fingerprint) or one of its scopes.
 */
final class Principals {
    static final String ANY = "*";

    private Principals() {}

    static boolean match(List<String> principals, Identity identity) {
        if (principals.isEmpty() || principals.contains(ANY)) {
            return true;
        }
        for (String p : principals) {
            if (p.equals(identity.id()) || identity.scopes().contains(p)) {
                return true;
            }
        }
        return false;
    }
}
