package alknet.testsupport;

import alknet.api.TlsFiles;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;

/** Self-signed TLS certificates made by the real {@code openssl} (EC P-256, valid two days) for TLS listeners. */
public final class TestCertificates {
    private TestCertificates() {}

    /** {@code cert.pem}/{@code key.pem} in {@code dir} for {@code CN=commonName}, SAN {@code localhost} and 127.0.0.1. */
    public static TlsFiles selfSigned(Path dir, String commonName) {
        TlsFiles tls = new TlsFiles(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        write(tls, commonName);
        return tls;
    }

    /** Writes a new key and certificate over {@code tls}'s files (as an operator renewing a certificate would). */
    public static void write(TlsFiles tls, String commonName) {
        write(tls, commonName, "DNS:localhost,IP:127.0.0.1");
    }

    /** Like {@link #write(TlsFiles, String)} with the given subjectAltName, e.g. {@code DNS:other.example}. */
    public static void write(TlsFiles tls, String commonName, String subjectAltName) {
        ExternalCommand.run(Duration.ofSeconds(30), "openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=" + commonName, "-addext", "subjectAltName=" + subjectAltName,
                "-keyout", tls.key().toString(), "-out", tls.cert().toString()).requireSuccess();
    }

    /** The certificate in a PEM file. */
    public static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
