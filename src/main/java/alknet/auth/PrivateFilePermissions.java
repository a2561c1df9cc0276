package alknet.auth;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * OpenSSH's rule for private key files ({@code sshkey_perm_ok}): a key file owned by the user running alknet must
 * not be accessible by group or others at all, or it is refused ("UNPROTECTED PRIVATE KEY FILE"). A file owned by
 * someone else is not judged (that owner chose its mode). Not a POSIX file system: nothing to judge.
 */
final class PrivateFilePermissions {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PrivateFilePermissions() {}

    /** Throws when {@code file} is ours and open to group or others; {@code what} names it ("private key file"). */
    static void require(Path file, String what) {
        Set<PosixFilePermission> permissions;
        long owner;
        try {
            if (!Files.isRegularFile(file)) {
                return; // reading it reports what it is instead
            }
            permissions = Files.getPosixFilePermissions(file);
            owner = ((Number) Files.getAttribute(file, "unix:uid")).longValue();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return;
        } catch (IOException e) {
            return; // missing or unreadable: reading the file reports why
        }
        if (owner == currentUid() && permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new KeyFileException(what + " " + file + " is accessible by group or others (permissions "
                    + octal(permissions) + "); a private key must be readable by its owner only (OpenSSH refuses it"
                    + " too); fix with: chmod 600 " + file);
        }
    }

    private static long currentUid() {
        return new UnixSystem().getUid();
    }

    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal()); // OWNER_READ is ordinal 0 = 0400 ... OTHERS_EXECUTE is 8 = 0001
        }
        return String.format("0%03o", mode);
    }
}
