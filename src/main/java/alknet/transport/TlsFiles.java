package alknet.transport;

import io.vertx.core.net.PemKeyCertOptions;

import java.nio.file.Path;

/** A TLS server certificate chain and its private key, both PEM (10-tunnel.md section 1, {@code --tls-cert/--tls-key}). */
public record TlsFiles(Path cert, Path key) {
    public PemKeyCertOptions keyCertOptions() {
        return new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString());
    }
}
