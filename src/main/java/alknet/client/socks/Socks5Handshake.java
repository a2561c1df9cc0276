package alknet.client.socks;

import alknet.client.socks.Socks5Target.AddressType;
import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Server side of the SOCKS5 handshake (RFC 1928, RFC 1929 username/password) as a pure state machine: no I/O, it
 * takes the bytes as they arrive, split anywhere or several messages at once, and says what to write back.
 * Only CONNECT is served (10-tunnel.md section 5). Not thread-safe; one instance per connection.
 */
public final class Socks5Handshake {
    static final int VERSION = 0x05;
    private static final int AUTH_VERSION = 0x01;
    private static final int METHOD_NO_AUTH = 0x00;
    private static final int METHOD_USERNAME_PASSWORD = 0x02;
    private static final int METHOD_NONE_ACCEPTABLE = 0xFF;
    private static final int CMD_CONNECT = 0x01;

    private enum Phase { GREETING, AUTH, REQUEST, DONE }

    private final Socks5Credentials credentials;
    private Phase phase = Phase.GREETING;
    /** Bytes received but not yet consumed; never more than one message (at most 513 bytes) plus a chunk. */
    private Buffer pending = Buffer.buffer();
    /** Replies produced during the current {@link #feed}. */
    private Buffer out;

    /** A handshake that accepts the no-authentication method only. */
    public Socks5Handshake() {
        this.credentials = null;
    }

    /** A handshake that accepts username/password only, with these credentials; no-auth is refused. */
    public Socks5Handshake(Socks5Credentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * Consumes the next bytes from the client. After a {@link Socks5Step.Failed} or
     * {@link Socks5Step.ConnectRequested} the handshake is over and must not be fed again.
     */
    public Socks5Step feed(Buffer chunk) {
        if (phase == Phase.DONE) {
            throw new IllegalStateException("the SOCKS5 handshake is already over");
        }
        pending.appendBuffer(chunk);
        out = Buffer.buffer();
        while (true) {
            Socks5Step step = switch (phase) {
                case GREETING -> readGreeting();
                case AUTH -> readAuth();
                case REQUEST -> readRequest();
                case DONE -> throw new IllegalStateException("unreachable");
            };
            if (step != null) {
                return step;
            }
        }
    }

    /** VER NMETHODS METHODS[NMETHODS]; null means "consumed, go on". */
    private Socks5Step readGreeting() {
        if (available() < 1) {
            return needMore();
        }
        if (at(0) != VERSION) {
            return fail("bad-version");
        }
        if (available() < 2 || available() < 2 + at(1)) {
            return needMore();
        }
        int count = at(1);
        int wanted = credentials == null ? METHOD_NO_AUTH : METHOD_USERNAME_PASSWORD;
        boolean offered = false;
        for (int i = 0; i < count; i++) {
            offered |= at(2 + i) == wanted;
        }
        consume(2 + count);
        if (!offered) {
            out.appendByte((byte) VERSION).appendByte((byte) METHOD_NONE_ACCEPTABLE);
            return fail("no-acceptable-method");
        }
        out.appendByte((byte) VERSION).appendByte((byte) wanted);
        phase = wanted == METHOD_USERNAME_PASSWORD ? Phase.AUTH : Phase.REQUEST;
        return null;
    }

    /** RFC 1929: VER=1 ULEN UNAME PLEN PASSWD. */
    private Socks5Step readAuth() {
        if (available() < 1) {
            return needMore();
        }
        if (at(0) != AUTH_VERSION) {
            return fail("bad-auth-version");
        }
        if (available() < 2) {
            return needMore();
        }
        int usernameLength = at(1);
        if (available() < 3 + usernameLength) {
            return needMore();
        }
        int passwordLength = at(2 + usernameLength);
        if (available() < 3 + usernameLength + passwordLength) {
            return needMore();
        }
        byte[] username = pending.getBytes(2, 2 + usernameLength);
        byte[] password = pending.getBytes(3 + usernameLength, 3 + usernameLength + passwordLength);
        consume(3 + usernameLength + passwordLength);
        boolean accepted = credentials.matches(username, password);
        out.appendByte((byte) AUTH_VERSION).appendByte((byte) (accepted ? 0x00 : 0x01));
        if (!accepted) {
            return fail("auth-failed");
        }
        phase = Phase.REQUEST;
        return null;
    }

    /** VER CMD RSV ATYP DST.ADDR DST.PORT. The whole request is read before refusing it, so no unread input is left. */
    private Socks5Step readRequest() {
        if (available() < 1) {
            return needMore();
        }
        if (at(0) != VERSION) {
            return fail("bad-version");
        }
        if (available() < 4) {
            return needMore();
        }
        int command = at(1);
        int addressLength;
        switch (at(3)) {
            case 0x01 -> addressLength = 4;
            case 0x04 -> addressLength = 16;
            case 0x03 -> {
                if (available() < 5) {
                    return needMore();
                }
                addressLength = 1 + at(4);
            }
            default -> {
                // The request's length is unknown, so refuse at once; a bad command is the first fault if both.
                return command == CMD_CONNECT
                        ? refuse(Socks5Reply.ADDRESS_TYPE_NOT_SUPPORTED, "bad-address-type")
                        : refuse(Socks5Reply.COMMAND_NOT_SUPPORTED, "unsupported-command");
            }
        }
        int length = 4 + addressLength + 2;
        if (available() < length) {
            return needMore();
        }
        if (command != CMD_CONNECT) {
            consume(length);
            return refuse(Socks5Reply.COMMAND_NOT_SUPPORTED, "unsupported-command");
        }
        int port = pending.getUnsignedShort(4 + addressLength);
        String host = switch (at(3)) {
            case 0x01 -> ipv4(pending.getBytes(4, 8));
            case 0x04 -> Ipv6Literal.format(pending.getBytes(4, 20));
            default -> domain(pending.getBytes(5, 4 + addressLength));
        };
        AddressType type = at(3) == 0x01 ? AddressType.IPV4 : at(3) == 0x04 ? AddressType.IPV6 : AddressType.DOMAIN;
        consume(length);
        if (host == null) {
            return refuse(Socks5Reply.GENERAL_FAILURE, "bad-domain");
        }
        Buffer leftover = pending;
        pending = Buffer.buffer();
        phase = Phase.DONE;
        return new Socks5Step.ConnectRequested(out, new Socks5Target(host, port, type), leftover);
    }

    private static String ipv4(byte[] address) {
        return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "." + (address[3] & 0xFF);
    }

    /** The name as sent, unresolved; null when empty, not UTF-8, or holding control characters. */
    private static String domain(byte[] name) {
        if (name.length == 0) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(name))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        return text.chars().anyMatch(Character::isISOControl) ? null : text;
    }

    private int available() {
        return pending.length();
    }

    private int at(int index) {
        return pending.getUnsignedByte(index);
    }

    private void consume(int count) {
        pending = pending.getBuffer(count, pending.length());
    }

    private Socks5Step needMore() {
        return new Socks5Step.NeedMore(out);
    }

    private Socks5Step refuse(int replyCode, String reason) {
        out.appendBuffer(Socks5Reply.encode(replyCode));
        return fail(reason);
    }

    private Socks5Step fail(String reason) {
        phase = Phase.DONE;
        pending = Buffer.buffer();
        return new Socks5Step.Failed(out, reason);
    }
}
