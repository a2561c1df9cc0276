package alknet.ssh;

import alknet.api.Limits;
import alknet.auth.AuthConfig;
import alknet.policy.ForwardingPolicy;

import java.util.function.Supplier;

/**
 * The server's hot-reloadable settings as the SSH layer reads them: each call returns the current value, so a
 * reload applies to the next decision (20-auth-config.md section 5). The SSH layer never sees the config files.
 */
public interface ServerRules {
    AuthConfig auth();

    ForwardingPolicy forwarding();

    Limits limits();

    static ServerRules of(Supplier<AuthConfig> auth, Supplier<ForwardingPolicy> forwarding, Supplier<Limits> limits) {
        return new ServerRules() {
            @Override
            public AuthConfig auth() {
                return auth.get();
            }

            @Override
            public ForwardingPolicy forwarding() {
                return forwarding.get();
            }

            @Override
            public Limits limits() {
                return limits.get();
            }
        };
    }
}
