package alknet.ssh.io;

import alknet.stream.StreamDialer;
import org.apache.sshd.common.AttributeRepository.AttributeKey;

/** Where an SSH client puts the {@link StreamDialer} of its server connection in MINA's connect context. */
public final class SessionDialer {
    /** Without one in the connect context, the connector dials plain TCP. */
    public static final AttributeKey<StreamDialer> KEY = new AttributeKey<>();

    private SessionDialer() {}
}
