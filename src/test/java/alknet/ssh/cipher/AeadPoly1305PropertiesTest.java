package alknet.ssh.cipher;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.crypto.params.KeyParameter;

import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AeadPoly1305} (run here whatever the JVM's intrinsics) gives BouncyCastle's Poly1305 tag of
 * {@code prefix || data} under the one-time key of the key and nonce, for every length from one block up and every
 * alignment of the held-back last block.
 */
class AeadPoly1305PropertiesTest {

    @Property(tries = 400)
    void tagEqualsPlainPoly1305(@ForAll("keys") byte[] key, @ForAll("nonces") byte[] nonce,
            @ForAll @IntRange(max = 1) int withLength, @ForAll("lengths") int length, @ForAll long seed,
            @ForAll @IntRange(max = 7) int offset) throws Exception {
        int prefixLength = 4 * withLength;
        Random random = new Random(seed);
        byte[] prefix = new byte[4];
        random.nextBytes(prefix);
        byte[] data = new byte[offset + length + 16];
        random.nextBytes(data);
        SecretKeySpec k = new SecretKeySpec(key, "ChaCha20");
        byte[] polyKey = polyKey(k, nonce);

        org.bouncycastle.crypto.macs.Poly1305 reference = new org.bouncycastle.crypto.macs.Poly1305();
        reference.init(new KeyParameter(Arrays.copyOf(polyKey, 32)));
        reference.update(prefix, 0, prefixLength);
        reference.update(data, offset, length);
        byte[] expected = new byte[16];
        reference.doFinal(expected, 0);

        byte[] out = new byte[20];
        boolean decided = new AeadPoly1305().tag(k, nonce, polyKey, prefix, prefixLength, data, offset, length, out, 3);
        assertThat(decided).isTrue();
        assertThat(Arrays.copyOfRange(out, 3, 19)).isEqualTo(expected);
    }

    private static byte[] polyKey(SecretKeySpec key, byte[] nonce) throws Exception {
        javax.crypto.Cipher chacha = javax.crypto.Cipher.getInstance("ChaCha20");
        chacha.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new ChaCha20ParameterSpec(nonce, 0));
        return chacha.update(new byte[64]);
    }

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    @Provide
    Arbitrary<byte[]> nonces() {
        return Arbitraries.bytes().array(byte[].class).ofSize(12);
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.oneOf(Arbitraries.integers().between(16, 100), Arbitraries.integers().between(16, 40_000),
                Arbitraries.of(16, 28, 32, 44, 48, 508, 512, 32_768));
    }
}
