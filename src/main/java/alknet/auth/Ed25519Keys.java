package alknet.auth;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;

/** Raw Ed25519 signing and verification (BouncyCastle) for tokens; keys come from MINA/JCA. */
final class Ed25519Keys {
    static final int SIGNATURE_LENGTH = 64;

    private Ed25519Keys() {}

    static boolean isEd25519(PublicKey key) {
        return KeyPairProvider.SSH_ED25519.equals(KeyUtils.getKeyType(key));
    }

    /** The 32-byte public key (RFC 8032), from the X.509 encoding every JCA Ed25519 key has. */
    static byte[] raw(PublicKey key) {
        if (!isEd25519(key)) {
            throw new IllegalArgumentException("tokens need an ed25519 key, this one is " + KeyUtils.getKeyType(key));
        }
        return SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
    }

    static byte[] sign(KeyPair pair, byte[] message) {
        raw(pair.getPublic());
        AsymmetricKeyParameter parameter;
        try {
            parameter = PrivateKeyFactory.createKey(pair.getPrivate().getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot use the private key for ed25519 signing", e);
        }
        if (!(parameter instanceof Ed25519PrivateKeyParameters privateKey)) {
            throw new IllegalArgumentException("tokens need an ed25519 private key");
        }
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(rawPublicKey, 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }
}
