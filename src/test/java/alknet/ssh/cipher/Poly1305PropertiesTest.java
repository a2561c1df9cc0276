package alknet.ssh.cipher;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;
import org.bouncycastle.crypto.params.KeyParameter;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Our radix-2^64 {@link Poly1305} against BouncyCastle's and the RFC 8439 test vector. */
class Poly1305PropertiesTest {

    @Example
    void rfc8439Section252TestVector() {
        byte[] key = HexFormat.of().parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        byte[] msg = "Cryptographic Forum Research Group".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Poly1305 poly = new Poly1305();
        poly.init(key, 0);
        poly.update(msg, 0, msg.length);
        byte[] tag = new byte[16];
        poly.finish(tag, 0);
        assertThat(HexFormat.of().formatHex(tag)).isEqualTo("a8061dc1305136c6c22b8baf0c0127a9");
    }

    /** Keys with all clamp-surviving bits set and accumulators near 2^130 exercise every carry. */
    @Property(tries = 300)
    void tagsEqualBouncyCastleForAnySplitOfTheMessage(@ForAll("keys") byte[] key, @ForAll("messages") byte[] message,
            @ForAll("cuts") List<Integer> cuts) {
        org.bouncycastle.crypto.macs.Poly1305 reference = new org.bouncycastle.crypto.macs.Poly1305();
        reference.init(new KeyParameter(key));
        reference.update(message, 0, message.length);
        byte[] expected = new byte[16];
        reference.doFinal(expected, 0);

        Poly1305 poly = new Poly1305();
        poly.init(key, 0);
        int at = 0;
        for (int cut : cuts) {
            int n = Math.min(cut, message.length - at);
            poly.update(message, at, n);
            at += n;
        }
        poly.update(message, at, message.length - at);
        byte[] tag = new byte[16];
        poly.finish(tag, 0);
        assertThat(tag).isEqualTo(expected);

        poly.init(key, 0);
        poly.update(message, 0, message.length);
        assertThat(poly.finishAndVerify(expected, 0)).isTrue();
        expected[new Random(message.length).nextInt(16)] ^= 0x10;
        poly.init(key, 0);
        poly.update(message, 0, message.length);
        assertThat(poly.finishAndVerify(expected, 0)).isFalse();
    }

    @Provide
    Arbitrary<byte[]> keys() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofSize(32);
        Arbitrary<byte[]> extreme = Arbitraries.of((byte) 0, (byte) -1).array(byte[].class).ofSize(32);
        return Arbitraries.oneOf(random, random, extreme);
    }

    @Provide
    Arbitrary<byte[]> messages() {
        Arbitrary<Integer> size = Arbitraries.oneOf(Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 5000));
        Arbitrary<byte[]> random = size.flatMap(n -> Arbitraries.longs().map(seed -> {
            byte[] m = new byte[n];
            new Random(seed).nextBytes(m);
            return m;
        }));
        Arbitrary<byte[]> allOnes = size.map(n -> {
            byte[] m = new byte[n];
            java.util.Arrays.fill(m, (byte) -1);
            return m;
        });
        return Arbitraries.oneOf(random, random, allOnes);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 40).list().ofMaxSize(5);
    }
}
