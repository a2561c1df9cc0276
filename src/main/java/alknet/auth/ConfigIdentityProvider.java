package alknet.auth;

import alknet.api.Identity;
import alknet.stream.TransportInfo;
import io.vertx.core.Future;
import org.apache.sshd.common.config.keys.OpenSshCertificate;

import java.security.PublicKey;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Identities from the current configuration (20-auth-config.md section 1), read on every call so a reload
 * applies to the next login and the next token.
 */
public final class ConfigIdentityProvider implements IdentityProvider {
    private final Supplier<AuthConfig> config;
    private final Clock clock;
    private final CertificateValidator certificates;
    private final TokenVerifier tokens;

    public ConfigIdentityProvider(Supplier<AuthConfig> config) {
        this(config, Clock.systemUTC());
    }

    public ConfigIdentityProvider(Supplier<AuthConfig> config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.certificates = new CertificateValidator(clock);
        this.tokens = new TokenVerifier(clock);
    }

    @Override
    public Future<Optional<Identity>> byFingerprint(String fingerprint) {
        return Future.succeededFuture(config.get().keyIdentity(fingerprint));
    }

    /** The transport is not consulted yet: a token proves the same identity on every carrier. */
    @Override
    public Future<TokenCheck> checkToken(String token, TransportInfo transport) {
        return Future.succeededFuture(tokens.verify(token, config.get()));
    }

    /**
     * Plain-key login (synchronous, for MINA's authenticator): the key's authorized_keys lines decide, with their
     * {@code from=}, {@code expiry-time=} and {@code command=} options, at this provider's clock.
     */
    public KeyLoginCheck checkKey(PublicKey key, String clientIp) {
        return config.get().checkKey(key, clientIp, clock.instant());
    }

    /**
     * Certificate login (synchronous, for MINA's authenticator): on acceptance
     * {@link CertificateCheck.Accepted#identity()} is the session identity.
     */
    public CertificateCheck checkCertificate(OpenSshCertificate certificate, String user, String clientIp) {
        return certificates.validate(certificate, user, clientIp, config.get().certAuthorities());
    }
}
