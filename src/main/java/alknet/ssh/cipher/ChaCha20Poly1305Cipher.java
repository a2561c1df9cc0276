package alknet.ssh.cipher;

import org.apache.sshd.common.cipher.Cipher;

import javax.crypto.AEADBadTagException;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.function.BooleanSupplier;

/**
 * {@code chacha20-poly1305@openssh.com} (OpenSSH PROTOCOL.chacha20poly1305) for MINA, byte for byte what MINA's
 * {@code ChaCha20Cipher} computes, but with the JDK's ChaCha20 (vector intrinsics from Java 20 on) instead of MINA's
 * plain-Java one, and for Poly1305 either our radix-2^64 {@link Poly1305} or, for packets of 8 KiB and more where
 * {@link Poly1305Calibration} found it faster (Java 20+ with a Poly1305 intrinsic), the JDK's via {@link AeadPoly1305}.
 *
 * <p>OpenSSH's construction is RFC 8439 ChaCha20 with the 12-byte nonce {@code 00000000 || uint64 seqnr}: the 64 key
 * bytes are K_2 (payload and Poly1305 key) then K_1 (packet length). Per packet, K_1 block 0 encrypts the 4-byte
 * length; K_2 block 0 is the Poly1305 key and blocks 1.. encrypt the payload; the tag covers the encrypted length and
 * payload. MINA's contract: {@link #init} receives the sequence number as the 8-byte IV (MINA writes it there for
 * algorithms named "ChaCha*"), {@link #updateAAD} handles the 4 length bytes, {@link #update} the payload and the tag
 * after it, and each {@code update} moves on to the next sequence number.
 *
 * <p>The JDK cipher objects are initialized once per packet (always ENCRYPT_MODE: ChaCha20 is its own inverse). The
 * JDK refuses to re-initialize with the key and nonce it last had, so each keystream is fetched once per sequence
 * number and kept until the packet is done; a packet whose tag failed can therefore be checked again.
 */
public final class ChaCha20Poly1305Cipher implements Cipher {
    static final String JDK_TRANSFORMATION = "ChaCha20";
    private static final int KEY_BYTES = 32;
    private static final int LENGTH_BYTES = Integer.BYTES;
    private static final byte[] ZEROS = new byte[64];

    private final BooleanSupplier jdkPoly1305;
    private final Poly1305 poly = new Poly1305();
    private final byte[] computedTag = new byte[Poly1305.TAG_BYTES];
    private final byte[] receivedTag = new byte[Poly1305.TAG_BYTES];
    private final byte[] nonce = new byte[12]; // 8 zero bytes, then the 32-bit sequence number big-endian
    private final byte[] polyKey = new byte[64]; // K_2 block 0; its first 32 bytes are the Poly1305 key
    private final byte[] lengthKeystream = new byte[LENGTH_BYTES];
    private final byte[] encryptedLength = new byte[LENGTH_BYTES];
    private javax.crypto.Cipher lengthCipher;
    private javax.crypto.Cipher payloadCipher;
    private AeadPoly1305 aead;
    private SecretKeySpec lengthKey;
    private SecretKeySpec payloadKey;
    private Mode mode;
    private long firstSequence;
    private long sequence; // uint32, wraps like the SSH packet sequence number
    private boolean lengthKeystreamReady;
    private boolean payloadCipherReady;
    private boolean lengthSeen;
    private boolean aeadTried;

    /** Uses the JDK's Poly1305 (through {@link AeadPoly1305}) where {@link Poly1305Calibration} found it faster. */
    public ChaCha20Poly1305Cipher() {
        this(Poly1305Calibration::jdkFaster);
        Poly1305Calibration.start();
    }

    /** With the Poly1305 way fixed (tests, measurements). */
    ChaCha20Poly1305Cipher(boolean jdkPoly1305) {
        this(() -> jdkPoly1305);
    }

    private ChaCha20Poly1305Cipher(BooleanSupplier jdkPoly1305) {
        this.jdkPoly1305 = jdkPoly1305;
    }

    @Override
    public void init(Mode mode, byte[] key, byte[] iv) throws Exception {
        this.payloadKey = new SecretKeySpec(key, 0, KEY_BYTES, JDK_TRANSFORMATION);
        this.lengthKey = new SecretKeySpec(key, KEY_BYTES, KEY_BYTES, JDK_TRANSFORMATION);
        // fresh JDK ciphers: a re-init with the key and nonce the old ones last saw would be refused
        this.lengthCipher = javax.crypto.Cipher.getInstance(JDK_TRANSFORMATION);
        this.payloadCipher = javax.crypto.Cipher.getInstance(JDK_TRANSFORMATION);
        this.aead = null; // made on first use: most ciphers never need it
        this.sequence = readSequence(iv);
        this.firstSequence = sequence;
        this.mode = mode;
        startPacket();
    }

    @Override
    public void updateAAD(byte[] data, int offset, int length) throws Exception {
        checkInitialized();
        if (length != LENGTH_BYTES) {
            throw new IllegalArgumentException("AAD only supported for encrypted packet length");
        }
        if (!lengthKeystreamReady) {
            lengthCipher.init(javax.crypto.Cipher.ENCRYPT_MODE, lengthKey, new ChaCha20ParameterSpec(nonce, 0));
            lengthCipher.update(ZEROS, 0, LENGTH_BYTES, lengthKeystream, 0);
            lengthKeystreamReady = true;
        }
        if (mode == Mode.Decrypt) {
            System.arraycopy(data, offset, encryptedLength, 0, LENGTH_BYTES);
        }
        for (int i = 0; i < LENGTH_BYTES; i++) {
            data[offset + i] ^= lengthKeystream[i];
        }
        if (mode == Mode.Encrypt) {
            System.arraycopy(data, offset, encryptedLength, 0, LENGTH_BYTES);
        }
        lengthSeen = true;
    }

    @Override
    public void update(byte[] input, int offset, int length) throws Exception {
        checkInitialized();
        if (!payloadCipherReady) {
            payloadCipher.init(javax.crypto.Cipher.ENCRYPT_MODE, payloadKey, new ChaCha20ParameterSpec(nonce, 0));
            payloadCipher.update(ZEROS, 0, ZEROS.length, polyKey, 0); // the payload then starts at block 1
            payloadCipherReady = true;
        }
        if (mode == Mode.Decrypt) {
            authenticate(input, offset, length, computedTag, 0);
            System.arraycopy(input, offset + length, receivedTag, 0, receivedTag.length);
            if (!MessageDigest.isEqual(computedTag, receivedTag)) { // constant time
                throw new AEADBadTagException("Tag mismatch");
            }
            crypt(input, offset, length);
        } else {
            crypt(input, offset, length);
            authenticate(input, offset, length, input, offset + length);
        }
        sequence = (sequence + 1) & 0xffff_ffffL;
        startPacket();
        if (sequence == firstSequence) {
            // as MINA: after 2^32 packets the nonce would repeat under the same key (a rekey comes long before)
            throw new IllegalStateException("Packet sequence number cannot be reused with the same key");
        }
    }

    /** Poly1305 over the encrypted length (if given) and the encrypted payload. */
    private void authenticate(byte[] data, int offset, int length, byte[] tag, int tagOffset)
            throws GeneralSecurityException {
        if (length >= AeadPoly1305.MIN_LENGTH && !aeadTried && jdkPoly1305.getAsBoolean()) {
            aeadTried = true; // its JDK ciphers take each nonce once: a packet checked again goes the scalar way
            if (aead == null) {
                aead = new AeadPoly1305();
            }
            if (aead.tag(payloadKey, nonce, polyKey, encryptedLength, lengthSeen ? LENGTH_BYTES : 0, data, offset, length,
                    tag, tagOffset)) {
                return;
            }
        }
        poly.init(polyKey, 0);
        if (lengthSeen) {
            poly.update(encryptedLength, 0, LENGTH_BYTES);
        }
        poly.update(data, offset, length);
        poly.finish(tag, tagOffset);
    }

    private void crypt(byte[] data, int offset, int length) throws GeneralSecurityException {
        if (payloadCipher.update(data, offset, length, data, offset) != length) {
            throw new IllegalStateException("ChaCha20 returned a short block"); // a stream cipher never buffers
        }
    }

    private void startPacket() {
        nonce[8] = (byte) (sequence >>> 24);
        nonce[9] = (byte) (sequence >>> 16);
        nonce[10] = (byte) (sequence >>> 8);
        nonce[11] = (byte) sequence;
        lengthKeystreamReady = false;
        payloadCipherReady = false;
        lengthSeen = false;
        aeadTried = false;
    }

    private void checkInitialized() {
        if (mode == null) {
            throw new IllegalStateException("Cipher not initialized");
        }
    }

    /** The IV is the 64-bit big-endian packet sequence number, which SSH keeps below 2^32 (checked as MINA does). */
    private static long readSequence(byte[] iv) {
        if (iv.length < Long.BYTES) {
            throw new IllegalArgumentException("chacha20-poly1305 needs the 8-byte sequence number as IV, got "
                    + iv.length + " bytes");
        }
        long v = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            v = (v << 8) | (iv[i] & 0xff);
        }
        if ((v >>> 32) != 0) {
            throw new IllegalStateException("ChaCha20 nonce is not a valid SSH packet sequence number");
        }
        return v;
    }

    @Override
    public String getAlgorithm() {
        return "ChaCha20"; // MINA puts the sequence number into the IV only for names starting with "ChaCha"
    }

    @Override
    public String getTransformation() {
        return "ChaCha20";
    }

    @Override
    public int getIVSize() {
        return 8;
    }

    @Override
    public int getAuthenticationTagSize() {
        return Poly1305.TAG_BYTES;
    }

    @Override
    public int getCipherBlockSize() {
        return 8;
    }

    @Override
    public int getKdfSize() {
        return 2 * KEY_BYTES;
    }

    @Override
    public int getKeySize() {
        return 2 * 8 * KEY_BYTES; // bits of key material, as MINA reports it
    }
}
