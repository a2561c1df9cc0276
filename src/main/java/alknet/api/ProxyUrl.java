package alknet.api;

import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * A proxy for outbound connections (10-tunnel.md section 1, proxy chaining): {@code socks5://[user:pass@]host:port}
 * or {@code http://[user:pass@]host:port} (HTTP CONNECT). Vert.x's proxy support does the protocol work and hands
 * target names to the proxy unresolved. {@link #toString()} never shows the password.
 */
public record ProxyUrl(ProxyType type, String host, int port, String user, String password) {
    private static final String USAGE = "use socks5://[USER:PASS@]HOST:PORT or http://[USER:PASS@]HOST:PORT";

    public ProxyUrl {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        if (type != ProxyType.SOCKS5 && type != ProxyType.HTTP) {
            throw new IllegalArgumentException("proxy type " + type + " is not supported; " + USAGE);
        }
    }

    /** Parses a proxy URL; errors say what is wrong and show the accepted forms (never the password). */
    public static ProxyUrl parse(String text) {
        Objects.requireNonNull(text, "text");
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("proxy URL is not a URL; " + USAGE);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        ProxyType type = switch (scheme) {
            case "socks5", "socks5h" -> ProxyType.SOCKS5;
            case "http" -> ProxyType.HTTP;
            default -> throw new IllegalArgumentException("proxy URL scheme '" + scheme + "' is not supported; " + USAGE);
        };
        if (uri.getHost() == null || uri.getPort() <= 0) {
            throw new IllegalArgumentException("proxy URL needs a host and a port; " + USAGE);
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("proxy URL takes no path, query or fragment; " + USAGE);
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("proxy URL user needs a password (USER:PASS@); " + USAGE);
            }
            user = decode(userInfo.substring(0, colon));
            password = decode(userInfo.substring(colon + 1));
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new ProxyUrl(type, host, uri.getPort(), user, password);
    }

    /** Like {@link #parse(String)}; errors start with {@code origin} (a flag, an environment variable or file:line). */
    public static ProxyUrl parse(String text, String origin) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Sends {@code options}' connections through {@code proxy}; a null proxy leaves them direct. */
    public static <T extends ClientOptionsBase> T applyTo(T options, ProxyUrl proxy) {
        if (proxy != null) {
            options.setProxyOptions(proxy.toProxyOptions());
        }
        return options;
    }

    /** The Vert.x options for a {@code NetClient} or {@code WebSocketClient}. */
    public ProxyOptions toProxyOptions() {
        ProxyOptions options = new ProxyOptions().setType(type).setHost(host).setPort(port);
        if (user != null) {
            options.setUsername(user).setPassword(password);
        }
        return options;
    }

    @Override
    public String toString() {
        String scheme = type == ProxyType.SOCKS5 ? "socks5" : "http";
        String auth = user == null ? "" : user + ":***@";
        String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme + "://" + auth + shownHost + ":" + port;
    }
}
