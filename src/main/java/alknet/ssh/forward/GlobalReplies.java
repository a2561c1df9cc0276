package alknet.ssh.forward;

import alknet.ssh.io.MinaInternal;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Replies to a session's global requests in the order they came (RFC 4254 section 4), although a
 * {@code tcpip-forward} is answered only once its listener is bound. Every request that wants a reply takes a
 * slot; a slot's reply goes out when it and every slot before it are answered. Runs on the session's event loop.
 */
final class GlobalReplies {
    private static final AttributeKey<GlobalReplies> KEY = new AttributeKey<>();

    private final Session session;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();

    /** One pending reply; {@link #success} or {@link #failure} answers it. */
    final class Slot {
        private Buffer reply;

        void success(Consumer<Buffer> payload) {
            Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_REQUEST_SUCCESS, Integer.BYTES);
            payload.accept(buffer);
            answer(buffer);
        }

        void success() {
            success(b -> { });
        }

        void failure() {
            answer(session.createBuffer(SshConstants.SSH_MSG_REQUEST_FAILURE, 0));
        }

        private void answer(Buffer buffer) {
            if (reply == null) {
                reply = buffer;
                flush();
            }
        }
    }

    private GlobalReplies(Session session) {
        this.session = session;
    }

    static GlobalReplies of(Session session) {
        return session.computeAttributeIfAbsent(KEY, k -> new GlobalReplies(session));
    }

    /** A slot for a request that wants a reply; null when it does not (nothing is ever sent for it). */
    Slot take(boolean wantReply) {
        if (!wantReply) {
            return null;
        }
        Slot slot = new Slot();
        slots.add(slot);
        return slot;
    }

    private void flush() {
        while (!slots.isEmpty() && slots.peek().reply != null) {
            Buffer next = slots.poll().reply;
            try {
                MinaInternal.run(() -> session.writePacket(next));
            } catch (Exception e) {
                session.close(true);
                return;
            }
        }
    }
}
