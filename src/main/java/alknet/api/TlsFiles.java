package alknet.api;

import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;

import java.nio.file.Path;

/** A TLS server certificate chain and its private key, both PEM (10-tunnel.md section 1, {@code --tls-cert/--tls-key}). */
public record TlsFiles(Path cert, Path key) {
    public PemKeyCertOptions keyCertOptions() {
        return new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString());
    }

    /** Server TLS options for these files; TLS 1.2 and 1.3 only (the Vert.x defaults). */
    public ServerSSLOptions serverOptions() {
        return new ServerSSLOptions().setKeyCertOptions(keyCertOptions());
    }
}
