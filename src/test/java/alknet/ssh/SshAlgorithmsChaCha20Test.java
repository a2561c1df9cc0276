package alknet.ssh;

import alknet.ssh.cipher.ChaCha20Poly1305Cipher;
import alknet.ssh.cipher.ChaCha20Poly1305CipherFactory;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cipher list that server and client both get (SshAlgorithms.apply) carries our chacha20-poly1305, AES-GCM first. */
class SshAlgorithmsChaCha20Test {

    @Test
    void defaultListHasOurChaCha20AfterAesGcm() {
        List<NamedFactory<Cipher>> ciphers = SshAlgorithms.ciphers(List.of());
        assertThat(ciphers).extracting(NamedFactory::getName).startsWith(BuiltinCiphers.aes128gcm.getName(),
                BuiltinCiphers.aes256gcm.getName(), BuiltinCiphers.cc20p1305_openssh.getName());
        assertThat(ciphers.get(2)).isSameAs(ChaCha20Poly1305CipherFactory.INSTANCE);
        assertThat(ciphers).doesNotContain(BuiltinCiphers.cc20p1305_openssh);
    }

    @Test
    void namingChaCha20CreatesOurCipher() {
        List<NamedFactory<Cipher>> ciphers = SshAlgorithms.ciphers(List.of("chacha20-poly1305@openssh.com"));
        assertThat(ciphers).hasSize(1);
        assertThat(ciphers.get(0).create()).isInstanceOf(ChaCha20Poly1305Cipher.class);
    }
}
