package alknet.transport;

import alknet.api.ProxyUrl;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyUrlTest {
    @Test
    void socks5WithCredentials() {
        ProxyUrl url = ProxyUrl.parse("socks5://alice:s%40cret@proxy.example:1080");
        assertThat(url).isEqualTo(new ProxyUrl(ProxyType.SOCKS5, "proxy.example", 1080, "alice", "s@cret"));
        ProxyOptions options = url.toProxyOptions();
        assertThat(options.getType()).isEqualTo(ProxyType.SOCKS5);
        assertThat(options.getHost()).isEqualTo("proxy.example");
        assertThat(options.getPort()).isEqualTo(1080);
        assertThat(options.getUsername()).isEqualTo("alice");
        assertThat(options.getPassword()).isEqualTo("s@cret");
    }

    @Test
    void httpWithoutCredentialsAndIpv6Host() {
        assertThat(ProxyUrl.parse("http://[::1]:3128")).isEqualTo(new ProxyUrl(ProxyType.HTTP, "::1", 3128, null, null));
        assertThat(ProxyUrl.parse("HTTP://10.0.0.1:8080/").port()).isEqualTo(8080);
        assertThat(ProxyUrl.parse("socks5h://127.0.0.1:9050").type()).isEqualTo(ProxyType.SOCKS5);
    }

    @Test
    void toStringNeverShowsThePassword() {
        ProxyUrl url = ProxyUrl.parse("socks5://alice:hunter2@127.0.0.1:1080");
        assertThat(url.toString()).isEqualTo("socks5://alice:***@127.0.0.1:1080").doesNotContain("hunter2");
        assertThat(ProxyUrl.parse("http://[::1]:3128").toString()).isEqualTo("http://[::1]:3128");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://proxy:443", "socks4://proxy:1080", "proxy:1080", "socks5://proxy",
            "http://proxy:8080/path", "http://user@proxy:8080", "socks5://:1080", "not a url at all"})
    void badUrlsAreRefusedWithTheAcceptedForms(String text) {
        assertThatThrownBy(() -> ProxyUrl.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("socks5://[USER:PASS@]HOST:PORT or http://[USER:PASS@]HOST:PORT");
    }

    @Test
    void errorsDoNotEchoThePassword() {
        assertThatThrownBy(() -> ProxyUrl.parse("ftp://bob:topsecret@proxy:21"))
                .hasMessageNotContaining("topsecret");
    }
}
