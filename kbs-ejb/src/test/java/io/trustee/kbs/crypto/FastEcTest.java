package io.trustee.kbs.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastEcTest {
  private static ECParameterSpec jdkParams(String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return ((ECPublicKey) g.generateKeyPair().getPublic()).getParams();
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
  void keysAreOnTheRequestedCurveAndAgreeWithTheJdk(String curve) throws Exception {
    ECParameterSpec params = jdkParams(curve);
    KeyPair bc = FastEc.generate(params, new SecureRandom());
    ECParameterSpec got = ((ECPublicKey) bc.getPublic()).getParams();
    assertThat(got.getCurve()).isEqualTo(params.getCurve());
    assertThat(got.getGenerator()).isEqualTo(params.getGenerator());

    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(params);
    KeyPair jdk = g.generateKeyPair();
    KeyAgreement a = KeyAgreement.getInstance("ECDH", FastEc.provider());
    a.init(bc.getPrivate());
    a.doPhase(jdk.getPublic(), true);
    KeyAgreement b = KeyAgreement.getInstance("ECDH");
    b.init(jdk.getPrivate());
    b.doPhase(bc.getPublic(), true);
    assertThat(a.generateSecret()).isEqualTo(b.generateSecret());
  }

  @Test
  void aBouncyCastleSignatureVerifiesWithTheJdk() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair jdk = g.generateKeyPair();
    byte[] msg = "payload".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Signature s = Signature.getInstance("SHA256withECDSA", FastEc.provider());
    s.initSign(jdk.getPrivate());
    s.update(msg);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withECDSA");
    v.initVerify(jdk.getPublic());
    v.update(msg);
    assertThat(v.verify(sig)).isTrue();
  }

  @Test
  void convertedKeysAreTheSameKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair jdk = g.generateKeyPair();
    var priv = FastEc.privateKey(jdk.getPrivate());
    var pub = FastEc.publicKey(jdk.getPublic());
    assertThat(((java.security.interfaces.ECPrivateKey) priv).getS())
        .isEqualTo(((java.security.interfaces.ECPrivateKey) jdk.getPrivate()).getS());
    assertThat(pub.getEncoded()).isEqualTo(jdk.getPublic().getEncoded());
    byte[] msg = {1, 2, 3};
    Signature s = Signature.getInstance("SHA256withECDSA", FastEc.provider());
    s.initSign(priv);
    s.update(msg);
    Signature v = Signature.getInstance("SHA256withECDSA");
    v.initVerify(jdk.getPublic());
    v.update(msg);
    assertThat(v.verify(s.sign())).isTrue();
  }

  @Test
  void theProviderIsNotRegisteredJvmWide() {
    assertThat(java.security.Security.getProvider(FastEc.provider().getName())).isNull();
  }
}
