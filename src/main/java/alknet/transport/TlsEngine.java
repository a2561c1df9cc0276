package alknet.transport;

import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.TCPSSLOptions;

/**
 * The TLS engine of every alknet TLS server and client (decision 32): BoringSSL through netty-tcnative where its
 * native library loads (linux-x86_64 ships in the jar), else the JDK's engine. BoringSSL's AES-GCM and record layer
 * cost a fraction of the JDK engine's CPU per byte, and TLS is a second encryption under SSH.
 */
public final class TlsEngine {
    /** True when BoringSSL is in use (checked once; loading the native library is not free). */
    public static final boolean OPENSSL = OpenSSLEngineOptions.isAvailable();

    private TlsEngine() {}

    /** Selects the engine on a server's or client's options. */
    public static <T extends TCPSSLOptions> T apply(T options) {
        if (OPENSSL) {
            options.setSslEngineOptions(new OpenSSLEngineOptions());
        }
        return options;
    }

    /** {@code boringssl} or {@code jdk}, for the startup line. */
    public static String name() {
        return OPENSSL ? "boringssl" : "jdk";
    }
}
