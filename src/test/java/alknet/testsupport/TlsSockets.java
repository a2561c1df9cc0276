package alknet.testsupport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;

/** Plain JDK TLS client sockets to 127.0.0.1 that accept any certificate: for tests that look at what a server presents. */
public final class TlsSockets {
    private TlsSockets() {}

    /** A socket with the handshake done and a 10 s read timeout. */
    public static SSLSocket open(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new AcceptAll()}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    /** The subject of the certificate a new handshake on {@code port} presents, e.g. {@code CN=localhost}. */
    public static String presentedSubject(int port) throws Exception {
        try (SSLSocket socket = open(port)) {
            X509Certificate cert = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return cert.getSubjectX500Principal().getName();
        }
    }

    private static final class AcceptAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
