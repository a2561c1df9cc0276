package alknet.stream;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every address this process listens on: SSH listeners, ops HTTP, raw framing, each session's {@code -R} ports,
 * the client's SOCKS5 and {@code -L} listeners. Vert.x shares a server among all binds of one host and port inside
 * one Vert.x instance (connections then alternate between them), so a second bind on an address in use must fail
 * here, before it reaches Vert.x. One registry per Vert.x instance ({@link #of}).
 * <p>
 * Two addresses overlap when the ports are equal and the hosts are equal, either host is a wildcard
 * ({@code 0.0.0.0}, {@code ::}, empty) or either host is a name (which may resolve to the other).
 */
public final class ListenRegistry implements Shareable {
    private static final String MAP = "alknet.listen-registry";
    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]+]?");

    private final List<Claim> claims = new ArrayList<>();

    /** The registry of {@code vertx}'s servers. */
    public static ListenRegistry of(Vertx vertx) {
        return vertx.sharedData().<String, ListenRegistry>getLocalMap(MAP).computeIfAbsent("registry", k -> new ListenRegistry());
    }

    /**
     * Claims {@code host:port} for {@code owner} (what a person recognises: {@code "--socks5 127.0.0.1:1080"},
     * {@code "the ops endpoint"}); port 0 claims nothing until {@link Claim#bound}. Throws
     * {@link AddressInUseException} naming the current owner when the address overlaps a claimed one.
     */
    public synchronized Claim claim(String host, int port, String owner) {
        Claim claim = new Claim(normal(host), port, owner);
        if (port != 0) {
            checkFree(claim);
            claims.add(claim);
        }
        return claim;
    }

    private void checkFree(Claim wanted) {
        for (Claim held : claims) {
            if (held != wanted && held.port == wanted.port && overlaps(held.host, wanted.host)) {
                throw new AddressInUseException(wanted.owner, held.owner, wanted.host, wanted.port);
            }
        }
    }

    private synchronized void bound(Claim claim, int actualPort) {
        if (claim.port == 0) {
            claim.port = actualPort;
            checkFree(claim);
            claims.add(claim);
        }
    }

    private synchronized void release(Claim claim) {
        claims.remove(claim);
    }

    /** A snapshot, for tests and diagnostics: {@code owner host:port} per claim. */
    public synchronized List<String> describe() {
        return claims.stream().map(c -> c.owner + " " + c.host + ":" + c.port).toList();
    }

    private static boolean overlaps(String a, String b) {
        return a.equals(b) || isWildcard(a) || isWildcard(b) || !LITERAL.matcher(a).matches()
                || !LITERAL.matcher(b).matches();
    }

    private static boolean isWildcard(String host) {
        if (host.isEmpty() || host.equals("*")) {
            return true;
        }
        if (!LITERAL.matcher(host).matches()) {
            return false;
        }
        try {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return InetAddress.getByName(bare).isAnyLocalAddress(); // a literal by the pattern: parsed, no lookup
        } catch (Exception e) {
            return false;
        }
    }

    private static String normal(String host) {
        String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (LITERAL.matcher(h).matches()) {
            try {
                String bare = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
                return InetAddress.getByName(bare).getHostAddress();
            } catch (Exception e) {
                return h;
            }
        }
        return h;
    }

    @Override
    public Shareable copy() {
        return this; // one registry per Vert.x instance, shared on purpose
    }

    /** One claimed address; release it when the server closes. */
    public final class Claim {
        private final String host;
        private final String owner;
        private int port;

        private Claim(String host, int port, String owner) {
            this.host = host;
            this.port = port;
            this.owner = owner;
        }

        /**
         * Records the port a port-0 bind got; throws {@link AddressInUseException} (close the server then) in the
         * unlikely case it overlaps a claim.
         */
        public void bound(int actualPort) {
            ListenRegistry.this.bound(this, actualPort);
        }

        public void release() {
            ListenRegistry.this.release(this);
        }
    }

    /** A bind refused because the address is in use by this process; the message names both users. */
    public static final class AddressInUseException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        AddressInUseException(String wanted, String holder, String host, int port) {
            super(wanted + ": address " + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port
                    + " is already used by " + holder + "; choose another address or port");
        }
    }
}
