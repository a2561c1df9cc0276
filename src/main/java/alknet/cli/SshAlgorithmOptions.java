package alknet.cli;

import picocli.CommandLine.Option;

import java.util.List;

/** Algorithm flags shared by {@code serve} and {@code connect}. */
final class SshAlgorithmOptions {
    @Option(names = "--ciphers", paramLabel = "LIST", split = ",", defaultValue = "${env:ALKNET_CIPHERS}",
            description = "Restrict SSH ciphers, e.g. aes128-gcm@openssh.com (default: chacha20-poly1305, AES-GCM, AES-CTR).")
    List<String> ciphers;

    @Option(names = "--allow-non-strict-kex",
            description = "Accept peers without strict key exchange (the Terrapin countermeasure). Only for old peers (flag only).")
    boolean allowNonStrictKex;

    List<String> ciphers() {
        return ciphers == null ? List.of() : ciphers;
    }
}
