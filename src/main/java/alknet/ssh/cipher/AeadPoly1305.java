package alknet.ssh.cipher;

import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

/**
 * OpenSSH's Poly1305 tag with the JDK doing the bulk of the work. From Java 20 on the JDK's Poly1305 runs on vector
 * instructions (AVX-512 IFMA, later AVX2), about eight times our scalar {@link Poly1305}, but it is reachable only
 * inside the RFC 8439 "ChaCha20-Poly1305" AEAD, which authenticates {@code AAD || pad || lengths} instead of
 * OpenSSH's bare {@code length || ciphertext}. Same key and nonce give the same one-time key (r, s) in both, so the
 * AEAD is run over the message with its last (partial) block held back, and the difference is fixed up in mod
 * p = 2^130 - 5 arithmetic (RFC 8439 section 2.5). Notation: M = P || T with T the last 1-16 bytes, Z = Horner value of
 * P, L(n) = the AEAD's length block for n bytes of AAD (n + 2^128), E = a zero block (2^128 as Poly1305 reads it):
 * <pre>
 *   reading 1, AAD = P:      H1 = (Z + L(|P|)) r
 *   reading 2, AAD = P || E: H2 = ((Z + E) r + L(|P| + 16)) r = (H1 + (p - |P|) r + |P| + 16 + 2^128) r
 *   wanted:                  H  = (Z + T) r                    = H1 + (T - L(|P|)) r
 * </pre>
 * A tag is {@code (H + s) mod 2^128}, so reading 1 gives H1 only up to its two top bits; the four candidates are tried
 * against reading 2 and the one that fits is H1. If not exactly one fits (chance about 2^-126) the caller uses the
 * scalar Poly1305, so the result is exact either way. With the intrinsic, two AEAD passes cost about a third of one
 * scalar pass; without it (Java 17, or a CPU the JDK has no Poly1305 stub for) several times more, which is why
 * {@link Poly1305Calibration} decides whether it is used.
 */
final class AeadPoly1305 {
    /**
     * Below this the two AEAD initializations (about 2 us per packet) cost more than the scalar Poly1305 saves
     * (CipherThroughput with 4 and 8 KiB packets: 2.9 against 2.4, 1.7 against 2.2 s CPU per GiB on Java 25).
     */
    static final int MIN_LENGTH = 8 * 1024;
    private static final String AEAD = "ChaCha20-Poly1305";
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] ZERO_BLOCK = new byte[16];
    private static final byte[] NOTHING = new byte[0];

    private final javax.crypto.Cipher first;
    private final javax.crypto.Cipher second;
    private final Poly1305 field = new Poly1305();
    private final byte[] tag1 = new byte[16];
    private final byte[] tag2 = new byte[16];
    private final byte[] last = new byte[16];

    AeadPoly1305() throws GeneralSecurityException {
        first = javax.crypto.Cipher.getInstance(AEAD);
        second = javax.crypto.Cipher.getInstance(AEAD);
    }

    /**
     * Writes the Poly1305 tag of {@code prefix[0, prefixLength) || data[offset, offset + length)} under the one-time
     * key {@code polyKey} (block 0 of ChaCha20 with {@code key} and {@code nonce}) to {@code out[outOffset]}; needs
     * {@code length >= 16}. Returns false, having written nothing, if the top bits could not be settled.
     */
    boolean tag(SecretKeySpec key, byte[] nonce, byte[] polyKey, byte[] prefix, int prefixLength, byte[] data,
            int offset, int length, byte[] out, int outOffset) throws GeneralSecurityException {
        int total = prefixLength + length;
        int tail = ((total - 1) & 15) + 1; // 1..16 bytes, all inside data since length >= 16
        int aligned = total - tail;
        read(first, key, nonce, prefix, prefixLength, data, offset, aligned, false, tag1);
        read(second, key, nonce, prefix, prefixLength, data, offset, aligned, true, tag2);

        // x1 = H1 mod 2^128 = tag1 - s
        long s0 = (long) LE_LONG.get(polyKey, 16);
        long s1 = (long) LE_LONG.get(polyKey, 24);
        long t0 = (long) LE_LONG.get(tag1, 0);
        long t1 = (long) LE_LONG.get(tag1, 8);
        long x0 = t0 - s0;
        long x1 = t1 - s1 - (Long.compareUnsigned(t0, s0) < 0 ? 1 : 0);

        // (p - |P|) r, the part of reading 2 that does not depend on H1
        field.init(polyKey, 0);
        field.multiplyAdd(0xffff_ffff_ffff_fffbL - aligned, -1L, 3);
        long b0 = field.accumulator0();
        long b1 = field.accumulator1();
        long b2 = field.accumulator2();
        long lengthPlus16 = aligned + 16L;
        int top = -1;
        int fits = 0;
        boolean belowTop = Long.compareUnsigned(x1, -1L) != 0 || Long.compareUnsigned(x0, -5L) < 0; // x1 < 2^128 - 5
        for (int k = 0; k <= 3; k++) {
            if (k == 3 && !belowTop) {
                break; // x1 + 3 * 2^128 would not be below p
            }
            long v0 = x0 + lengthPlus16;
            long c0 = Poly1305.carry(x0, lengthPlus16, v0);
            long v1 = x1 + c0;
            long c1 = Poly1305.carry(x1, 0, v1);
            field.accumulator(b0, b1, b2);
            field.multiplyAdd(v0, v1, 1 + k + c1);
            if (field.finishAndVerify(tag2, 0)) {
                top = k;
                fits++;
            }
        }
        if (fits != 1) {
            return false;
        }

        // H = H1 + (T + p - L(|P|)) r, with T the last block as Poly1305 reads it (a 1 byte after a short block)
        System.arraycopy(data, offset + length - tail, last, 0, tail);
        long topBit = 1;
        if (tail < 16) {
            last[tail] = 1;
            for (int i = tail + 1; i < 16; i++) {
                last[i] = 0;
            }
            topBit = 0;
        }
        long m0 = (long) LE_LONG.get(last, 0);
        long m1 = (long) LE_LONG.get(last, 8);
        long minus = 5L + aligned; // T + 3 * 2^128 - 5 - |P|
        long d0 = m0 - minus;
        long borrow0 = Long.compareUnsigned(m0, minus) < 0 ? 1 : 0;
        long d1 = m1 - borrow0;
        long borrow1 = (m1 == 0 && borrow0 == 1) ? 1 : 0;
        field.init(polyKey, 0);
        field.multiplyAdd(d0, d1, 3 + topBit - borrow1);
        field.add(x0, x1, top);
        field.finish(out, outOffset);
        return true;
    }

    private static void read(javax.crypto.Cipher aead, SecretKeySpec key, byte[] nonce, byte[] prefix, int prefixLength,
            byte[] data, int offset, int aligned, boolean extraBlock, byte[] tagOut) throws GeneralSecurityException {
        aead.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
        int fromPrefix = Math.min(prefixLength, aligned);
        if (fromPrefix > 0) {
            aead.updateAAD(prefix, 0, fromPrefix);
        }
        if (aligned > fromPrefix) {
            aead.updateAAD(data, offset, aligned - fromPrefix);
        }
        if (extraBlock) {
            aead.updateAAD(ZERO_BLOCK);
        }
        aead.doFinal(NOTHING, 0, 0, tagOut, 0);
    }
}
