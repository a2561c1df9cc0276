package alknet.client.socks;

import alknet.client.socks.Socks5Target.AddressType;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static alknet.client.socks.HandshakeDriver.feed;
import static alknet.client.socks.HandshakeDriver.oneBytePerChunk;
import static alknet.client.socks.HandshakeDriver.split;
import static alknet.client.socks.Socks5Bytes.concat;
import static alknet.client.socks.Socks5Bytes.connectDomain;
import static alknet.client.socks.Socks5Bytes.connectIp;
import static alknet.client.socks.Socks5Bytes.greeting;
import static alknet.client.socks.Socks5Bytes.reply;
import static alknet.client.socks.Socks5Bytes.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 1928 / RFC 1929 server handshake, byte for byte (10-tunnel.md section 5). */
class Socks5HandshakeTest {
    private static final byte[] NO_AUTH_CHOSEN = {5, 0};
    private static final byte[] USER_PASS_CHOSEN = {5, 2};
    private static final byte[] AUTH_OK = {1, 0};
    private static final Socks5Credentials CREDENTIALS = new Socks5Credentials("alice", "s3cret");

    @Test
    void connectIpv4() {
        var run = feed(new Socks5Handshake(), greeting(0), connectIp("10.1.2.3", 8080));
        assertThat(run.written()).containsExactly(NO_AUTH_CHOSEN);
        assertThat(run.connect().target()).isEqualTo(new Socks5Target("10.1.2.3", 8080, AddressType.IPV4));
        assertThat(run.connect().leftover().length()).isZero();
    }

    @Test
    void connectIpv6IsTheCanonicalLiteralWithoutBrackets() {
        var run = feed(new Socks5Handshake(), greeting(0), connectIp("2001:db8:0:0:0:0:0:1", 443));
        assertThat(run.connect().target()).isEqualTo(new Socks5Target("2001:db8::1", 443, AddressType.IPV6));
        assertThat(feed(new Socks5Handshake(), greeting(0), connectIp("::1", 1)).connect().target().host())
                .isEqualTo("::1");
    }

    @Test
    void connectDomainIsPassedUnresolved() {
        var run = feed(new Socks5Handshake(), greeting(0), connectDomain("example.invalid", 65535));
        assertThat(run.connect().target()).isEqualTo(new Socks5Target("example.invalid", 65535, AddressType.DOMAIN));
    }

    @Test
    void noAuthIsChosenAmongSeveralOfferedMethods() {
        var run = feed(new Socks5Handshake(), greeting(0x01, 0x02, 0x00, 0x80), connectIp("1.2.3.4", 80));
        assertThat(run.written()).containsExactly(NO_AUTH_CHOSEN);
        assertThat(run.connect().target().port()).isEqualTo(80);
    }

    @Test
    void greetingWithoutAcceptableMethodIsRefusedWithFF() {
        var run = feed(new Socks5Handshake(), greeting(0x01, 0x02));
        assertThat(run.written()).containsExactly(5, 0xFF);
        assertThat(run.failed().reason()).isEqualTo("no-acceptable-method");
    }

    @Test
    void greetingWithZeroMethodsIsRefusedWithFF() {
        var run = feed(new Socks5Handshake(), greeting());
        assertThat(run.written()).containsExactly(5, 0xFF);
        assertThat(run.failed().reason()).isEqualTo("no-acceptable-method");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x04, 0x00, 0x01, 0x47, 0xFF})
    void wrongVersionInGreetingClosesWithoutReplyAtTheFirstByte(int version) {
        var run = feed(new Socks5Handshake(), new byte[] {(byte) version});
        assertThat(run.written()).isEmpty();
        assertThat(run.failed().reason()).isEqualTo("bad-version");
    }

    @Test
    void wrongVersionInRequestCloses() {
        byte[] request = connectIp("1.2.3.4", 80);
        request[0] = 4;
        var run = feed(new Socks5Handshake(), greeting(0), request);
        assertThat(run.written()).containsExactly(NO_AUTH_CHOSEN);
        assertThat(run.failed().reason()).isEqualTo("bad-version");
    }

    @ParameterizedTest
    @ValueSource(ints = {Socks5Bytes.BIND, Socks5Bytes.UDP_ASSOCIATE, 0x00, 0x09})
    void commandsOtherThanConnectGetReply07(int command) {
        var run = feed(new Socks5Handshake(), greeting(0), request(command, 0x01, new byte[] {127, 0, 0, 1}, 80));
        assertThat(run.written()).containsExactly(concat(NO_AUTH_CHOSEN, reply(0x07)));
        assertThat(run.failed().reason()).isEqualTo("unsupported-command");
    }

    @Test
    void unsupportedCommandIsAnsweredOnlyOnceTheWholeRequestArrived() {
        byte[] bind = request(Socks5Bytes.BIND, 0x03, concat(new byte[] {3}, "abc".getBytes()), 80);
        var handshake = new Socks5Handshake();
        handshake.feed(Buffer.buffer(greeting(0)));
        assertThat(handshake.feed(Buffer.buffer(java.util.Arrays.copyOf(bind, bind.length - 1))))
                .isInstanceOf(Socks5Step.NeedMore.class);
        var last = handshake.feed(Buffer.buffer(new byte[] {bind[bind.length - 1]}));
        assertThat(last.toWrite().getBytes()).containsExactly(reply(0x07));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x02, 0x05, 0xFF})
    void badAddressTypeGetsReply08(int addressType) {
        var run = feed(new Socks5Handshake(), greeting(0), new byte[] {5, 1, 0, (byte) addressType});
        assertThat(run.written()).containsExactly(concat(NO_AUTH_CHOSEN, reply(0x08)));
        assertThat(run.failed().reason()).isEqualTo("bad-address-type");
    }

    @Test
    void emptyOrControlCharacterDomainGetsGeneralFailure() {
        for (byte[] name : new byte[][] {{}, "a\nb".getBytes(), {(byte) 0xC3, (byte) 0x28}}) {
            byte[] address = concat(new byte[] {(byte) name.length}, name);
            var run = feed(new Socks5Handshake(), greeting(0), request(Socks5Bytes.CONNECT, 0x03, address, 80));
            assertThat(run.written()).containsExactly(concat(NO_AUTH_CHOSEN, reply(0x01)));
            assertThat(run.failed().reason()).isEqualTo("bad-domain");
        }
    }

    @Test
    void utf8DomainIsKeptAsText() {
        var run = feed(new Socks5Handshake(), greeting(0), connectDomain("bücher.example", 80));
        assertThat(run.connect().target().host()).isEqualTo("bücher.example");
    }

    @Test
    void truncatedRequestNeedsMore() {
        byte[] request = connectDomain("example.org", 80);
        var run = feed(new Socks5Handshake(), greeting(0), java.util.Arrays.copyOf(request, request.length - 1));
        assertThat(run.last()).isInstanceOf(Socks5Step.NeedMore.class);
        assertThat(run.written()).containsExactly(NO_AUTH_CHOSEN);
    }

    @Test
    void greetingAndRequestSplitAtEveryByteBoundary() {
        byte[] message = concat(greeting(0x02, 0x00), connectDomain("host.example", 4242));
        for (int cut = 0; cut <= message.length; cut++) {
            var run = feed(new Socks5Handshake(), split(message, cut));
            assertThat(run.written()).as("cut at %d", cut).containsExactly(NO_AUTH_CHOSEN);
            assertThat(run.connect().target()).isEqualTo(new Socks5Target("host.example", 4242, AddressType.DOMAIN));
            assertThat(run.connect().leftover().length()).isZero();
        }
        for (int first = 0; first <= message.length; first++) {
            for (int second = first; second <= message.length; second++) {
                var run = feed(new Socks5Handshake(), split(message, first, second));
                assertThat(run.connect().target().port()).as("cuts at %d, %d", first, second).isEqualTo(4242);
            }
        }
    }

    @Test
    void oneBytePerChunkWithAuthAndIpv6() {
        byte[] message = concat(greeting(0x02), Socks5Bytes.auth("alice", "s3cret"), connectIp("fe80::1:2", 22));
        var run = feed(new Socks5Handshake(CREDENTIALS), oneBytePerChunk(message));
        assertThat(run.written()).containsExactly(concat(USER_PASS_CHOSEN, AUTH_OK));
        assertThat(run.connect().target()).isEqualTo(new Socks5Target("fe80::1:2", 22, AddressType.IPV6));
        assertThat(run.unfedChunks()).isZero();
    }

    @Test
    void dataPipelinedBehindTheRequestIsLeftOver() {
        byte[] data = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] all = concat(greeting(0), connectIp("127.0.0.1", 80), data);
        var run = feed(new Socks5Handshake(), all);
        assertThat(run.connect().leftover().getBytes()).containsExactly(data);
        int handshakeLength = all.length - data.length;
        for (int cut = 0; cut <= all.length; cut++) {
            var split = feed(new Socks5Handshake(), split(all, cut));
            // A cut inside the data: the handshake stops at the CONNECT and returns what its chunk held after it.
            byte[] expected = cut < handshakeLength ? data : java.util.Arrays.copyOf(data, cut - handshakeLength);
            assertThat(split.connect().leftover().getBytes()).as("cut at %d", cut).containsExactly(expected);
        }
    }

    @Test
    void correctCredentialsAreAccepted() {
        var run = feed(new Socks5Handshake(CREDENTIALS), concat(greeting(0x00, 0x02),
                Socks5Bytes.auth("alice", "s3cret"), connectIp("1.1.1.1", 53)));
        assertThat(run.written()).containsExactly(concat(USER_PASS_CHOSEN, AUTH_OK));
        assertThat(run.connect().target().host()).isEqualTo("1.1.1.1");
    }

    @Test
    void wrongPasswordOrUsernameIsRefused() {
        for (byte[] auth : new byte[][] {Socks5Bytes.auth("alice", "wrong"), Socks5Bytes.auth("bob", "s3cret"),
                Socks5Bytes.auth("alice", "s3cret2"), Socks5Bytes.auth("alice", "")}) {
            var run = feed(new Socks5Handshake(CREDENTIALS), greeting(0x02), auth, connectIp("1.1.1.1", 53));
            assertThat(run.written()).containsExactly(concat(USER_PASS_CHOSEN, new byte[] {1, 1}));
            assertThat(run.failed().reason()).isEqualTo("auth-failed");
            assertThat(run.unfedChunks()).isEqualTo(1);
        }
    }

    @Test
    void noAuthIsRefusedWhenCredentialsAreConfigured() {
        var run = feed(new Socks5Handshake(CREDENTIALS), greeting(0x00));
        assertThat(run.written()).containsExactly(5, 0xFF);
        assertThat(run.failed().reason()).isEqualTo("no-acceptable-method");
    }

    @Test
    void usernamePasswordIsRefusedWhenNoCredentialsAreConfigured() {
        var run = feed(new Socks5Handshake(), greeting(0x02));
        assertThat(run.written()).containsExactly(5, 0xFF);
    }

    @Test
    void wrongSubnegotiationVersionCloses() {
        var run = feed(new Socks5Handshake(CREDENTIALS), greeting(0x02), new byte[] {5, 5});
        assertThat(run.written()).containsExactly(USER_PASS_CHOSEN);
        assertThat(run.failed().reason()).isEqualTo("bad-auth-version");
    }

    @Test
    void feedingAfterTheEndIsAProgrammingError() {
        var handshake = new Socks5Handshake();
        feed(handshake, concat(greeting(0), connectIp("1.2.3.4", 5)));
        assertThatThrownBy(() -> handshake.feed(Buffer.buffer(new byte[] {1})))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void textFormsNeverShowTheTarget() {
        var run = feed(new Socks5Handshake(), greeting(0), connectDomain("secret.example", 4711));
        assertThat(run.connect().toString()).doesNotContain("secret", "4711");
        assertThat(run.connect().target().toString()).doesNotContain("secret", "4711");
        assertThat(CREDENTIALS.toString()).doesNotContain("s3cret");
    }

    @Test
    void replyEncoding() {
        assertThat(Socks5Reply.encode(Socks5Reply.SUCCEEDED).getBytes()).containsExactly(5, 0, 0, 1, 0, 0, 0, 0, 0, 0);
        assertThat(Socks5Reply.encode(Socks5Reply.CONNECTION_REFUSED).getBytes()).containsExactly(reply(0x05));
        assertThatThrownBy(() -> Socks5Reply.encode(256)).isInstanceOf(IllegalArgumentException.class);
    }
}
