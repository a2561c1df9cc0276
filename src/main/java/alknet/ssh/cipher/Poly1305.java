package alknet.ssh.cipher;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Poly1305 one-time authenticator (RFC 8439 section 2.5), computed in radix 2^64: the accumulator is two 64-bit
 * limbs plus a few bits above 2^128, and each 16-byte block costs four 64x64-bit products ({@link Math#multiplyHigh}
 * gives the upper halves). MINA's and BouncyCastle's work in radix 2^26 with 25 products per block; this one
 * measured about a quarter faster on Java 17 and 25 ({@code CipherThroughput}). The JDK's own Poly1305 is reachable
 * only inside its AEAD ({@link AeadPoly1305}).
 *
 * <p>One instance is reused: {@link #init} per message, {@link #update} any number of times, {@link #finish}.
 * Not thread-safe; nothing is allocated per message.
 */
final class Poly1305 {
    static final int TAG_BYTES = 16;
    private static final int BLOCK = 16;
    // Little-endian 64-bit loads and stores on plain byte arrays (our own buffers; no access to other classes).
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long r0;
    private long r1;
    private long s1; // r1 * 5 / 4: folds the part of a product above 2^130 back (2^130 = 5 mod p)
    private long pad0;
    private long pad1;
    private long h0;
    private long h1;
    private long h2;
    private final byte[] partial = new byte[BLOCK];
    private int partialLength;
    private long tag0;
    private long tag1;

    /** Starts a message under the 32-byte one-time key at {@code key[offset]}: r (clamped) then s. */
    void init(byte[] key, int offset) {
        r0 = (long) LE_LONG.get(key, offset) & 0x0ffffffc0fffffffL;
        r1 = (long) LE_LONG.get(key, offset + 8) & 0x0ffffffc0ffffffcL;
        s1 = r1 + (r1 >>> 2);
        pad0 = (long) LE_LONG.get(key, offset + 16);
        pad1 = (long) LE_LONG.get(key, offset + 24);
        h0 = 0;
        h1 = 0;
        h2 = 0;
        partialLength = 0;
    }

    void update(byte[] in, int offset, int length) {
        if (partialLength > 0) {
            int n = Math.min(BLOCK - partialLength, length);
            System.arraycopy(in, offset, partial, partialLength, n);
            partialLength += n;
            offset += n;
            length -= n;
            if (partialLength < BLOCK) {
                return;
            }
            blocks(partial, 0, BLOCK, 1);
            partialLength = 0;
        }
        int whole = length & -BLOCK;
        if (whole > 0) {
            blocks(in, offset, whole, 1);
        }
        int rest = length - whole;
        if (rest > 0) {
            System.arraycopy(in, offset + whole, partial, 0, rest);
            partialLength = rest;
        }
    }

    /** Writes the 16-byte tag to {@code out[offset]}. */
    void finish(byte[] out, int offset) {
        finishBlocks();
        LE_LONG.set(out, offset, tag0);
        LE_LONG.set(out, offset + 8, tag1);
    }

    /** Whether the tag equals the 16 bytes at {@code expected[offset]}, compared in constant time. */
    boolean finishAndVerify(byte[] expected, int offset) {
        finishBlocks();
        long diff = (tag0 ^ (long) LE_LONG.get(expected, offset)) | (tag1 ^ (long) LE_LONG.get(expected, offset + 8));
        return diff == 0;
    }

    /**
     * h = (h + v) * r for the 130-bit value {@code v = l0 + l1 * 2^64 + l2 * 2^128} ({@code l2 <= 5}): the block step on
     * a number instead of message bytes, for {@link AeadPoly1305}'s algebra. Only between {@link #init} and a finish,
     * with no partial block pending.
     */
    void multiplyAdd(long l0, long l1, long l2) {
        LE_LONG.set(partial, 0, l0);
        LE_LONG.set(partial, 8, l1);
        blocks(partial, 0, BLOCK, l2);
    }

    /** h = h + v ({@code l2 <= 3}), brought back below 2^130 + 2^64 as after a block step. */
    void add(long l0, long l1, long l2) {
        long a0 = h0 + l0;
        long a1 = h1 + l1 + carry(h0, l0, a0);
        long a2 = h2 + l2 + carry(h1, l1, a1);
        long fold = (a2 >>> 2) + (a2 & ~3L);
        long n0 = a0 + fold;
        long n1 = a1 + carry(a0, fold, n0);
        h0 = n0;
        h1 = n1;
        h2 = (a2 & 3) + carry(a1, 0, n1);
    }

    long accumulator0() {
        return h0;
    }

    long accumulator1() {
        return h1;
    }

    long accumulator2() {
        return h2;
    }

    void accumulator(long a0, long a1, long a2) {
        h0 = a0;
        h1 = a1;
        h2 = a2;
    }

    private void finishBlocks() {
        if (partialLength > 0) {
            partial[partialLength] = 1; // a short last block ends with a 1 byte instead of bit 128
            for (int i = partialLength + 1; i < BLOCK; i++) {
                partial[i] = 0;
            }
            blocks(partial, 0, BLOCK, 0);
            partialLength = 0;
        }
        // h may still be in [p, 2^130 + small): h - p = h + 5 - 2^130 is taken when h + 5 reaches bit 130.
        long g0 = h0 + 5;
        long c = carry(h0, 5, g0);
        long g1 = h1 + c;
        c = carry(h1, 0, g1);
        long g2 = h2 + c;
        long useG = -(g2 >>> 2);
        long f0 = (h0 & ~useG) | (g0 & useG);
        long f1 = (h1 & ~useG) | (g1 & useG);
        // tag = (h + s) mod 2^128
        tag0 = f0 + pad0;
        tag1 = f1 + pad1 + carry(f0, pad0, tag0);
    }

    /** h = (h + block + hibit * 2^128) * r, partially reduced mod 2^130 - 5, for each 16-byte block. */
    private void blocks(byte[] in, int offset, int length, long hibit) {
        long a0 = h0;
        long a1 = h1;
        long a2 = h2;
        final long k0 = r0;
        final long k1 = r1;
        final long ks = s1;
        for (int end = offset + length; offset < end; offset += BLOCK) {
            long m0 = (long) LE_LONG.get(in, offset);
            long m1 = (long) LE_LONG.get(in, offset + 8);
            long t0 = a0 + m0;
            long t1 = a1 + m1 + carry(a0, m0, t0);
            a2 += hibit + carry(a1, m1, t1);

            // d0 = t0*r0 + t1*s1; d1 = t0*r1 + t1*r0 + a2*s1; d2 = a2*r0 (a2 stays below 12, so a2*s1 < 2^64)
            long p0 = t0 * k0;
            long q0 = t1 * ks;
            long d0 = p0 + q0;
            long d0hi = mulHigh(t0, k0) + mulHigh(t1, ks) + carry(p0, q0, d0);
            long p1 = t0 * k1;
            long q1 = t1 * k0;
            long e1 = p1 + q1;
            long e1hi = mulHigh(t0, k1) + mulHigh(t1, k0) + carry(p1, q1, e1);
            long w = a2 * ks;
            long d1 = e1 + w;
            long d1hi = e1hi + carry(e1, w, d1);
            long d2 = a2 * k0;

            // h = d0 + d1 * 2^64 + d2 * 2^128, then fold everything from bit 130 up (times 5) into the low limbs
            a0 = d0;
            a1 = d1 + d0hi;
            a2 = d2 + d1hi + carry(d1, d0hi, a1);
            long fold = (a2 >>> 2) + (a2 & ~3L);
            a2 &= 3;
            long n0 = a0 + fold;
            long c0 = carry(a0, fold, n0);
            long n1 = a1 + c0;
            a2 += carry(a1, 0, n1);
            a0 = n0;
            a1 = n1;
        }
        h0 = a0;
        h1 = a1;
        h2 = a2;
    }

    /** Carry out of bit 63 of {@code sum = a + b (+ a carry in)}, as 0 or 1, without a branch. */
    static long carry(long a, long b, long sum) {
        return ((a & b) | ((a | b) & ~sum)) >>> 63;
    }

    /** Upper 64 bits of the unsigned product of {@code a} and a non-negative {@code b} (all r values are < 2^61). */
    private static long mulHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b);
    }
}
