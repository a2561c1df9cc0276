package alknet.ssh.cipher;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;

import javax.crypto.AEADBadTagException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link ChaCha20Poly1305Cipher} against MINA's own {@code ChaCha20Cipher} (the reference the OpenSSH interop tests
 * already trust), driven the way MINA's packet codec drives an AEAD cipher: {@code updateAAD} on the 4 length bytes,
 * then {@code update} on the payload with room for the 16-byte tag behind it, several packets per key. Each property
 * runs with the scalar Poly1305 and with {@link AeadPoly1305} (forced, whatever the JVM's intrinsics).
 */
class ChaCha20Poly1305CipherPropertiesTest {
    private static final int TAG = 16;

    /** One key, a first sequence number and the payload sizes of consecutive packets, with a seed for the bytes. */
    record Session(byte[] key, long firstSequence, List<Integer> payloads, int offset, long seed) {
        @Override
        public String toString() {
            return "Session[seq=" + Long.toUnsignedString(firstSequence) + ", payloads=" + payloads + ", offset=" + offset
                    + ", seed=" + seed + "]";
        }
    }

    @Property(tries = 150)
    void encryptsExactlyLikeMina(@ForAll("sessions") Session s, @ForAll boolean jdkPoly1305) throws Exception {
        Cipher mina = init(BuiltinCiphers.cc20p1305_openssh.create(), Cipher.Mode.Encrypt, s);
        Cipher ours = init(new ChaCha20Poly1305Cipher(jdkPoly1305), Cipher.Mode.Encrypt, s);
        Random bytes = new Random(s.seed());
        for (int payload : s.payloads()) {
            byte[] plain = packet(bytes, s.offset(), payload);
            byte[] byMina = plain.clone();
            byte[] byUs = plain.clone();
            mina.updateWithAAD(byMina, s.offset(), 4, payload);
            ours.updateWithAAD(byUs, s.offset(), 4, payload);
            assertThat(byUs).isEqualTo(byMina);
        }
    }

    @Property(tries = 150)
    void decryptsWhatMinaEncryptsLikeMinaDoes(@ForAll("sessions") Session s, @ForAll boolean jdkPoly1305) throws Exception {
        Cipher sender = init(BuiltinCiphers.cc20p1305_openssh.create(), Cipher.Mode.Encrypt, s);
        Cipher mina = init(BuiltinCiphers.cc20p1305_openssh.create(), Cipher.Mode.Decrypt, s);
        Cipher ours = init(new ChaCha20Poly1305Cipher(jdkPoly1305), Cipher.Mode.Decrypt, s);
        Random bytes = new Random(s.seed());
        for (int payload : s.payloads()) {
            byte[] plain = packet(bytes, s.offset(), payload);
            byte[] wire = plain.clone();
            sender.updateWithAAD(wire, s.offset(), 4, payload);
            byte[] byMina = wire.clone();
            byte[] byUs = wire.clone();
            decrypt(mina, byMina, s.offset(), payload);
            decrypt(ours, byUs, s.offset(), payload);
            assertThat(byUs).isEqualTo(byMina);
            assertThat(Arrays.copyOf(byUs, s.offset() + 4 + payload)).isEqualTo(Arrays.copyOf(plain, s.offset() + 4 + payload));
        }
    }

    @Property(tries = 150)
    void minaDecryptsWhatWeEncrypt(@ForAll("sessions") Session s, @ForAll boolean jdkPoly1305) throws Exception {
        Cipher ours = init(new ChaCha20Poly1305Cipher(jdkPoly1305), Cipher.Mode.Encrypt, s);
        Cipher mina = init(BuiltinCiphers.cc20p1305_openssh.create(), Cipher.Mode.Decrypt, s);
        Random bytes = new Random(s.seed());
        for (int payload : s.payloads()) {
            byte[] plain = packet(bytes, s.offset(), payload);
            byte[] wire = plain.clone();
            ours.updateWithAAD(wire, s.offset(), 4, payload);
            decrypt(mina, wire, s.offset(), payload);
            assertThat(Arrays.copyOf(wire, s.offset() + 4 + payload)).isEqualTo(Arrays.copyOf(plain, s.offset() + 4 + payload));
        }
    }

    /** A flipped bit anywhere in the encrypted length, payload or tag fails both ciphers the same way. */
    @Property(tries = 300)
    void tamperingFailsAuthenticationLikeMina(@ForAll("sessions") Session s, @ForAll("bits") int bitChoice,
            @ForAll boolean jdkPoly1305)
            throws Exception {
        int payload = s.payloads().get(0);
        Cipher sender = init(new ChaCha20Poly1305Cipher(jdkPoly1305), Cipher.Mode.Encrypt, s);
        byte[] wire = packet(new Random(s.seed()), s.offset(), payload);
        sender.updateWithAAD(wire, s.offset(), 4, payload);
        int bit = Math.floorMod(bitChoice, 8 * (4 + payload + TAG));
        wire[s.offset() + bit / 8] ^= (byte) (1 << (bit % 8));

        byte[] byMina = wire.clone();
        byte[] byUs = wire.clone();
        Cipher mina = init(BuiltinCiphers.cc20p1305_openssh.create(), Cipher.Mode.Decrypt, s);
        Cipher ours = init(new ChaCha20Poly1305Cipher(jdkPoly1305), Cipher.Mode.Decrypt, s);
        Throwable minaFailure = catchThrowable(() -> decrypt(mina, byMina, s.offset(), payload));
        Throwable ourFailure = catchThrowable(() -> decrypt(ours, byUs, s.offset(), payload));
        assertThat(minaFailure).isInstanceOf(AEADBadTagException.class);
        assertThat(ourFailure).isInstanceOf(AEADBadTagException.class).hasMessage(minaFailure.getMessage());
        assertThat(byUs).as("the length is decrypted, the payload left as it came").isEqualTo(byMina);
    }

    /** The keystreams are fetched once per packet, so a packet that failed can be checked again with intact bytes. */
    @Property(tries = 50)
    void aPacketThatFailedCanBeCheckedAgain(@ForAll("sessions") Session s, @ForAll boolean jdkPoly1305) throws Exception {
        int payload = s.payloads().get(0);
        Cipher sender = init(new ChaCha20Poly1305Cipher(jdkPoly1305), Cipher.Mode.Encrypt, s);
        byte[] plain = packet(new Random(s.seed()), s.offset(), payload);
        byte[] wire = plain.clone();
        sender.updateWithAAD(wire, s.offset(), 4, payload);
        byte[] tampered = wire.clone();
        tampered[s.offset() + 4 + payload] ^= 1;

        Cipher ours = init(new ChaCha20Poly1305Cipher(jdkPoly1305), Cipher.Mode.Decrypt, s);
        assertThatThrownBy(() -> decrypt(ours, tampered, s.offset(), payload)).isInstanceOf(AEADBadTagException.class);
        decrypt(ours, wire, s.offset(), payload);
        assertThat(Arrays.copyOf(wire, s.offset() + 4 + payload)).isEqualTo(Arrays.copyOf(plain, s.offset() + 4 + payload));
    }

    @Property(tries = 20)
    void refusesUseBeforeInitAndAadOtherThanTheLengthLikeMina(@ForAll("lengths") int aadLength) throws Exception {
        Cipher mina = BuiltinCiphers.cc20p1305_openssh.create();
        Cipher ours = new ChaCha20Poly1305Cipher();
        byte[] buf = new byte[64];
        assertThat(catchThrowable(() -> ours.updateAAD(buf, 0, 4)))
                .isInstanceOf(catchThrowable(() -> mina.updateAAD(buf, 0, 4)).getClass())
                .hasMessage("Cipher not initialized");
        if (aadLength != 4) {
            mina.init(Cipher.Mode.Encrypt, new byte[64], new byte[8]);
            ours.init(Cipher.Mode.Encrypt, new byte[64], new byte[8]);
            Throwable expected = catchThrowable(() -> mina.updateAAD(buf, 0, aadLength));
            assertThat(catchThrowable(() -> ours.updateAAD(buf, 0, aadLength)))
                    .isInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
        }
    }

    @Property(tries = 20)
    void refusesASequenceNumberAbove32BitsLikeMina(@ForAll("wideSequences") long sequence) {
        byte[] iv = java.nio.ByteBuffer.allocate(8).putLong(sequence).array();
        Throwable expected = catchThrowable(() -> BuiltinCiphers.cc20p1305_openssh.create().init(Cipher.Mode.Decrypt,
                new byte[64], iv.clone()));
        assertThat(expected).isNotNull();
        assertThat(catchThrowable(() -> new ChaCha20Poly1305Cipher().init(Cipher.Mode.Decrypt, new byte[64], iv.clone())))
                .isInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
    }

    @Property(tries = 1)
    void describesItselfLikeMina() {
        Cipher mina = BuiltinCiphers.cc20p1305_openssh.create();
        Cipher ours = new ChaCha20Poly1305Cipher();
        assertThat(ours.getAlgorithm()).isEqualTo(mina.getAlgorithm()).startsWith("ChaCha");
        assertThat(ours.getTransformation()).isEqualTo(mina.getTransformation());
        assertThat(ours.getIVSize()).isEqualTo(mina.getIVSize());
        assertThat(ours.getAuthenticationTagSize()).isEqualTo(mina.getAuthenticationTagSize());
        assertThat(ours.getCipherBlockSize()).isEqualTo(mina.getCipherBlockSize());
        assertThat(ours.getKdfSize()).isEqualTo(mina.getKdfSize());
        assertThat(ours.getKeySize()).isEqualTo(mina.getKeySize());
    }

    private static void decrypt(Cipher cipher, byte[] wire, int offset, int payload) throws Exception {
        cipher.updateAAD(wire, offset, 4);
        cipher.update(wire, offset + 4, payload);
    }

    private static Cipher init(Cipher cipher, Cipher.Mode mode, Session s) throws Exception {
        byte[] iv = new byte[8];
        for (int i = 0; i < 8; i++) {
            iv[i] = (byte) (s.firstSequence() >>> (56 - 8 * i)); // what MINA writes: the sequence number, big-endian
        }
        cipher.init(mode, s.key().clone(), iv);
        return cipher;
    }

    /** offset bytes before, 4 length bytes, the payload and room for the tag; all but the tag room random. */
    private static byte[] packet(Random bytes, int offset, int payload) {
        byte[] p = new byte[offset + 4 + payload + TAG];
        byte[] content = new byte[offset + 4 + payload];
        bytes.nextBytes(content);
        System.arraycopy(content, 0, p, 0, content.length);
        return p;
    }

    @Provide
    Arbitrary<Session> sessions() {
        Arbitrary<byte[]> key = Arbitraries.bytes().array(byte[].class).ofSize(64);
        // SSH sequence numbers are uint32 and wrap; MINA refuses anything above
        Arbitrary<Long> sequence = Arbitraries.oneOf(Arbitraries.longs().between(0, 0xffff_ffffL),
                Arbitraries.of(0L, 1L, 3L, 0xffff_fffdL, 0xffff_fffeL, 0xffff_ffffL));
        Arbitrary<Integer> payload = Arbitraries.oneOf(Arbitraries.integers().between(0, 35_000),
                Arbitraries.integers().between(0, 80), Arbitraries.of(0, 8, 16, 56, 60, 64, 32_768, 35_000));
        Arbitrary<List<Integer>> payloads = payload.list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(key, sequence, payloads, Arbitraries.integers().between(0, 17), Arbitraries.longs())
                .as(Session::new);
    }

    @Provide
    Arbitrary<Integer> bits() {
        return Arbitraries.integers().greaterOrEqual(0);
    }

    @Provide
    Arbitrary<Long> wideSequences() {
        return Arbitraries.longs().filter(v -> (v >>> 32) != 0);
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.integers().between(0, 12);
    }
}
