package alknet.auth;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * The reference implementation's compact token (20-auth-config.md section 3):
 * {@code base64url(sha256(raw_pubkey)[32] || unix_seconds_be[8] || ed25519_sig[64])}, unpadded. The signature
 * covers the first 40 bytes (key hash and time) exactly as they appear in the token. Valid for +-300 s.
 */
public final class CompactToken {
    public static final Duration WINDOW = Duration.ofSeconds(300);
    static final int SIGNED_LENGTH = 40;
    static final int LENGTH = SIGNED_LENGTH + Ed25519Keys.SIGNATURE_LENGTH;

    private CompactToken() {}

    public static String mint(KeyPair ed25519, Instant now) {
        ByteBuffer signed = ByteBuffer.allocate(SIGNED_LENGTH);
        signed.put(TokenKeys.sha256(Ed25519Keys.raw(ed25519.getPublic()))).putLong(now.getEpochSecond());
        byte[] message = signed.array();
        byte[] token = Arrays.copyOf(message, LENGTH);
        System.arraycopy(Ed25519Keys.sign(ed25519, message), 0, token, SIGNED_LENGTH, Ed25519Keys.SIGNATURE_LENGTH);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** True when {@code token} has the compact shape (no dots, 104 bytes): then {@link #verify} decides. */
    static boolean looksCompact(String token) {
        return token.indexOf('.') < 0;
    }

    static TokenCheck verify(String token, AuthConfig config, Instant now) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return TokenCheck.rejected(TokenRejection.MALFORMED);
        }
        if (bytes.length != LENGTH || token.indexOf('=') >= 0) {
            return TokenCheck.rejected(TokenRejection.MALFORMED);
        }
        var fingerprint = config.tokenKeys().fingerprintOfRawHash(Arrays.copyOfRange(bytes, 0, 32));
        if (fingerprint.isEmpty()) {
            return TokenCheck.rejected(TokenRejection.UNKNOWN_KID);
        }
        byte[] message = Arrays.copyOfRange(bytes, 0, SIGNED_LENGTH);
        byte[] signature = Arrays.copyOfRange(bytes, SIGNED_LENGTH, LENGTH);
        byte[] rawKey = config.tokenKeys().rawKey(fingerprint.get()).orElseThrow();
        if (!Ed25519Keys.verify(rawKey, message, signature)) {
            return TokenCheck.rejected(TokenRejection.BAD_SIGNATURE);
        }
        long issued = ByteBuffer.wrap(bytes, 32, 8).getLong();
        if (issued < now.getEpochSecond() - WINDOW.toSeconds()) {
            return TokenCheck.rejected(TokenRejection.EXPIRED);
        }
        if (issued > now.getEpochSecond() + WINDOW.toSeconds()) {
            return TokenCheck.rejected(TokenRejection.FUTURE_DATED);
        }
        return new TokenCheck.Accepted(config.identityOf(fingerprint.get()));
    }
}
