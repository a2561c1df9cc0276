package alknet.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Ed25519 keys that may sign tokens, by SSH fingerprint (JWT {@code kid}) and by SHA-256 of the raw key
 * (the compact form's first 32 bytes). Other key types cannot sign EdDSA tokens and are left out.
 */
final class TokenKeys {
    private final Map<String, byte[]> byFingerprint = new LinkedHashMap<>();
    private final Map<String, String> fingerprintByRawHash = new LinkedHashMap<>();

    TokenKeys(Collection<PublicKey> keys) {
        for (PublicKey key : keys) {
            if (Ed25519Keys.isEd25519(key)) {
                byte[] raw = Ed25519Keys.raw(key);
                String fingerprint = KeyFingerprint.of(key);
                byFingerprint.put(fingerprint, raw);
                fingerprintByRawHash.put(HexFormat.of().formatHex(sha256(raw)), fingerprint);
            }
        }
    }

    Optional<byte[]> rawKey(String fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint)).map(byte[]::clone);
    }

    Optional<String> fingerprintOfRawHash(byte[] sha256OfRawKey) {
        return Optional.ofNullable(fingerprintByRawHash.get(HexFormat.of().formatHex(sha256OfRawKey)));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
