package alknet.client.socks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The username and password a SOCKS5 client must present (RFC 1929). Configuring them makes username/password the
 * only accepted method (10-tunnel.md section 5).
 */
public final class Socks5Credentials {
    private final String username;
    private final byte[] usernameDigest;
    private final byte[] passwordDigest;

    /** Each value must be 1 to 255 bytes in UTF-8, the lengths RFC 1929 can carry. */
    public Socks5Credentials(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        byte[] pass = password.getBytes(StandardCharsets.UTF_8);
        if (user.length < 1 || user.length > 255) {
            throw new IllegalArgumentException("SOCKS5 username must be 1 to 255 bytes");
        }
        if (pass.length < 1 || pass.length > 255) {
            throw new IllegalArgumentException("SOCKS5 password must be 1 to 255 bytes");
        }
        this.username = username;
        this.usernameDigest = sha256(user);
        this.passwordDigest = sha256(pass);
    }

    public String username() {
        return username;
    }

    /**
     * Compares in constant time: both sides are hashed first so neither content nor length shows in the timing,
     * and both comparisons always run.
     */
    boolean matches(byte[] offeredUsername, byte[] offeredPassword) {
        boolean userOk = MessageDigest.isEqual(usernameDigest, sha256(offeredUsername));
        boolean passOk = MessageDigest.isEqual(passwordDigest, sha256(offeredPassword));
        return userOk & passOk;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "Socks5Credentials[username=" + username + ", password=***]";
    }
}
