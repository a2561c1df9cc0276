package alknet.testsupport;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSessionImpl;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.session.ServerSessionImpl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MINA SSH peers that behave like software from before the Terrapin fix: their first KEXINIT lacks the strict-KEX
 * marker ({@code kex-strict-c/s-v00@openssh.com}), so alknet refuses them unless {@code --allow-non-strict-kex}.
 */
public final class NonStrictKexPeers {
    private NonStrictKexPeers() {}

    /**
     * Connects as {@code user} with {@code identity} to 127.0.0.1:{@code port} and tries public-key auth;
     * true when the server accepted the login, false when it closed or refused the session.
     */
    public static boolean loginSucceeds(int port, String user, KeyPair identity, Duration timeout) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setSessionFactory(new org.apache.sshd.client.session.SessionFactory(client) {
            @Override
            protected ClientSessionImpl doCreateSession(IoSession ioSession) throws Exception {
                return new ClientSessionImpl(getClient(), ioSession) {
                    @Override
                    protected Map<KexProposalOption, String> doStrictKexProposal(Map<KexProposalOption, String> proposal) {
                        return proposal;
                    }
                };
            }
        });
        client.setServerKeyVerifier((session, address, key) -> true); // the host key is not what these peers test
        client.start();
        try (ClientSession session = client.connect(user, "127.0.0.1", port).verify(timeout).getSession()) {
            session.addPublicKeyIdentity(identity);
            try {
                return session.auth().verify(timeout).isSuccess();
            } catch (IOException closedOrRefused) {
                return false;
            }
        } finally {
            client.stop();
        }
    }

    /** A server on 127.0.0.1 that accepts any public key and every direct-tcpip target; counts logins. */
    public static final class Server implements AutoCloseable {
        private final SshServer sshd;
        private final AtomicInteger logins = new AtomicInteger();
        private final AtomicInteger closedBeforeLogin = new AtomicInteger();

        public Server(KeyPair hostKey) {
            sshd = SshServer.setUpDefaultServer();
            sshd.setHost("127.0.0.1");
            sshd.setPort(0);
            sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
            sshd.setPublickeyAuthenticator((user, key, session) -> true); // any key: these peers test the key exchange
            sshd.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
            sshd.setSessionFactory(new org.apache.sshd.server.session.SessionFactory(sshd) {
                @Override
                protected ServerSessionImpl doCreateSession(IoSession ioSession) throws Exception {
                    return new ServerSessionImpl(getServer(), ioSession) {
                        @Override
                        protected Map<KexProposalOption, String> doStrictKexProposal(Map<KexProposalOption, String> proposal) {
                            return proposal;
                        }
                    };
                }
            });
            sshd.addSessionListener(new SessionListener() {
                @Override
                public void sessionEvent(Session session, Event event) {
                    if (event == Event.Authenticated) {
                        logins.incrementAndGet();
                    }
                }

                @Override
                public void sessionClosed(Session session) {
                    if (!session.isAuthenticated()) {
                        closedBeforeLogin.incrementAndGet();
                    }
                }
            });
            try {
                sshd.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public int port() {
            return sshd.getPort();
        }

        /** Sessions that completed public-key authentication. */
        public int logins() {
            return logins.get();
        }

        /** Sessions that ended without a login (e.g. the client refused the key exchange). */
        public int closedBeforeLogin() {
            return closedBeforeLogin.get();
        }

        @Override
        public void close() throws IOException {
            sshd.stop(true);
        }
    }
}
