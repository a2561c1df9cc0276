package alknet.client.socks;

import alknet.client.socks.Socks5Target.AddressType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.List;

import static alknet.client.socks.Socks5Bytes.concat;
import static alknet.client.socks.Socks5Bytes.greeting;
import static org.assertj.core.api.Assertions.assertThat;

/** The handshake under arbitrary input and arbitrary read boundaries. */
class Socks5HandshakePropertiesTest {
    private static final Socks5Credentials CREDENTIALS = new Socks5Credentials("user", "pass");

    @Property(tries = 3000)
    void arbitraryBytesNeverThrowAndEndInAKnownStep(@ForAll("noise") byte[] input,
                                                    @ForAll @Size(max = 30) List<@IntRange(max = 800) Integer> cuts,
                                                    @ForAll boolean withCredentials) {
        Socks5Handshake handshake = withCredentials ? new Socks5Handshake(CREDENTIALS) : new Socks5Handshake();
        var run = HandshakeDriver.feed(handshake, HandshakeDriver.split(input, sortedWithin(cuts, input.length)));

        assertThat(run.last()).isNotNull();
        if (run.last() instanceof Socks5Step.NeedMore) {
            assertThat(run.unfedChunks()).isZero();
        } else if (run.last() instanceof Socks5Step.Failed failed) {
            assertThat(failed.reason()).matches("[a-z-]+");
        } else {
            Socks5Target target = ((Socks5Step.ConnectRequested) run.last()).target();
            assertThat(target.port()).isBetween(0, 65535);
            assertThat(target.host()).isNotEmpty();
        }
    }

    @Property(tries = 2000)
    void validHandshakeSplitAnywhereGivesTheSameTargetAndLeftover(
            @ForAll("requests") byte[] request, @ForAll boolean withCredentials,
            @ForAll @Size(max = 300) byte[] pipelined,
            @ForAll @Size(max = 40) List<@IntRange(max = 2000) Integer> cuts) throws Exception {
        byte[] handshakeBytes = withCredentials
                ? concat(greeting(0x00, 0x02), Socks5Bytes.auth("user", "pass"), request)
                : concat(greeting(0x00), request);
        byte[] all = concat(handshakeBytes, pipelined);
        byte[] expectedWrites = withCredentials ? new byte[] {5, 2, 1, 0} : new byte[] {5, 0};

        var whole = HandshakeDriver.feed(handshake(withCredentials), all);
        assertThat(whole.written()).containsExactly(expectedWrites);
        assertThat(whole.connect().leftover().getBytes()).containsExactly(pipelined);
        assertMatchesRequest(whole.connect().target(), request);

        List<byte[]> chunks = HandshakeDriver.split(all, sortedWithin(cuts, all.length));
        var split = HandshakeDriver.feed(handshake(withCredentials), chunks);
        assertThat(split.written()).containsExactly(expectedWrites);
        assertThat(split.connect().target()).isEqualTo(whole.connect().target());
        // Later chunks were never fed: a connection reads them after the splice, right behind the leftover.
        ByteArrayOutputStream afterRequest = new ByteArrayOutputStream();
        afterRequest.writeBytes(split.connect().leftover().getBytes());
        chunks.subList(chunks.size() - split.unfedChunks(), chunks.size()).forEach(afterRequest::writeBytes);
        assertThat(afterRequest.toByteArray()).containsExactly(pipelined);
    }

    private static Socks5Handshake handshake(boolean withCredentials) {
        return withCredentials ? new Socks5Handshake(CREDENTIALS) : new Socks5Handshake();
    }

    /** Checks the target against the request bytes without reusing the code under test. */
    private static void assertMatchesRequest(Socks5Target target, byte[] request) throws Exception {
        int port = ((request[request.length - 2] & 0xFF) << 8) | (request[request.length - 1] & 0xFF);
        assertThat(target.port()).isEqualTo(port);
        byte[] address = java.util.Arrays.copyOfRange(request, 4, request.length - 2);
        switch (request[3]) {
            case 0x01 -> {
                assertThat(target.type()).isEqualTo(AddressType.IPV4);
                assertThat(InetAddress.getByName(target.host()).getAddress()).containsExactly(address);
            }
            case 0x04 -> {
                assertThat(target.type()).isEqualTo(AddressType.IPV6);
                assertThat(target.host()).doesNotContain("[", "]");
                assertThat(InetAddress.getByName(target.host())).isEqualTo(InetAddress.getByAddress(address));
            }
            default -> {
                assertThat(target.type()).isEqualTo(AddressType.DOMAIN);
                assertThat(target.host()).isEqualTo(new String(address, 1, address.length - 1,
                        java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
    }

    private static int[] sortedWithin(List<Integer> cuts, int length) {
        return cuts.stream().mapToInt(c -> c % (length + 1)).sorted().toArray();
    }

    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(700);
        Arbitrary<byte[]> afterNoAuth = random.map(r -> concat(greeting(0x00), r));
        Arbitrary<byte[]> afterUserPass = random.map(r -> concat(greeting(0x02), r));
        Arbitrary<byte[]> requestLike = Combinators.combine(
                Arbitraries.of(0, 1, 2, 3, 4, 5, 0xFF), Arbitraries.of(0, 1, 2, 3, 4, 5, 0xFF),
                Arbitraries.of(0x00, 0x02), random)
                .as((command, addressType, method, rest) -> concat(greeting(method),
                        method == 0x02 ? Socks5Bytes.auth("user", "pass") : new byte[0],
                        new byte[] {5, command.byteValue(), 0, addressType.byteValue()}, rest));
        return Arbitraries.oneOf(random, afterNoAuth, afterUserPass, requestLike);
    }

    @Provide
    Arbitrary<byte[]> requests() {
        Arbitrary<Integer> ports = Arbitraries.integers().between(0, 65535);
        Arbitrary<byte[]> ipv4 = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(4), ports)
                .as((address, port) -> Socks5Bytes.request(Socks5Bytes.CONNECT, 0x01, address, port));
        Arbitrary<byte[]> ipv6 = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(16), ports)
                .as((address, port) -> Socks5Bytes.request(Socks5Bytes.CONNECT, 0x04, address, port));
        Arbitrary<String> names = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789.-")
                .ofMinLength(1).ofMaxLength(255);
        Arbitrary<byte[]> domain = Combinators.combine(names, ports).as(Socks5Bytes::connectDomain);
        return Arbitraries.oneOf(ipv4, ipv6, domain);
    }

}
