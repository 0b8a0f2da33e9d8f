package io.trustee.kbs.rvps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

class ProvenanceVerifierTest {
  static final String PAYLOAD =
      Base64.getEncoder()
          .encodeToString(
              "{\"snp_pcr11\":[\"5d3a0000000000000000000000000000000000000000000000000000000000aa\"]}"
                  .getBytes(StandardCharsets.UTF_8));

  static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }

  static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  static KeyPair ed25519() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  static String pem(java.security.PublicKey k) throws Exception {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(k);
    }
    return w.toString();
  }

  /** Signs like a publisher: detached compact JWS over the message's signing input. */
  static String sign(RegistrationMessage m, JWSAlgorithm alg, PrivateKey key) throws Exception {
    JWSHeader header = new JWSHeader.Builder(alg).keyID("publisher-1").build();
    if (key.getAlgorithm().startsWith("Ed")) {
      String input = header.toBase64URL() + "." + Base64URL.encode(m.signingInput());
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return header.toBase64URL() + ".." + Base64URL.encode(s.sign());
    }
    JWSSigner signer =
        key instanceof ECPrivateKey ecKey ? new ECDSASigner(ecKey) : new RSASSASigner(key);
    JWSObject jws = new JWSObject(header, new Payload(m.signingInput()));
    jws.sign(signer);
    return jws.serialize(true);
  }

  static RegistrationMessage signed(RegistrationMessage m, JWSAlgorithm alg, PrivateKey key)
      throws Exception {
    return new RegistrationMessage(
        m.version(), m.type(), m.payload(), Optional.of(sign(m, alg, key)));
  }

  static RegistrationMessage unsigned() {
    return new RegistrationMessage(null, "sample", PAYLOAD, Optional.empty());
  }

  static ProvenanceVerifier verifier(boolean requireSigned, KeyPair... pairs) throws Exception {
    StringBuilder pem = new StringBuilder();
    for (KeyPair p : pairs) {
      pem.append(pem(p.getPublic()));
    }
    return new ProvenanceVerifier(
        ProvenanceVerifier.readPublicKeys(pem.toString()),
        ProvenanceVerifier.DEFAULT_ALGORITHMS,
        requireSigned);
  }

  @Test
  void acceptsEveryKeyTypeWithItsAlgorithm() throws Exception {
    KeyPair p256 = ec("secp256r1");
    KeyPair p384 = ec("secp384r1");
    KeyPair rsa = rsa();
    KeyPair ed = ed25519();
    ProvenanceVerifier v = verifier(true, p256, p384, rsa, ed);
    assertThat(v.verify(signed(unsigned(), JWSAlgorithm.ES256, p256.getPrivate())))
        .contains(ProvenanceVerifier.fingerprint(p256.getPublic()));
    assertThat(v.verify(signed(unsigned(), JWSAlgorithm.ES384, p384.getPrivate())))
        .contains(ProvenanceVerifier.fingerprint(p384.getPublic()));
    assertThat(v.verify(signed(unsigned(), JWSAlgorithm.PS256, rsa.getPrivate())))
        .contains(ProvenanceVerifier.fingerprint(rsa.getPublic()));
    assertThat(v.verify(signed(unsigned(), JWSAlgorithm.EdDSA, ed.getPrivate())))
        .contains(ProvenanceVerifier.fingerprint(ed.getPublic()));
  }

  @Test
  void refusesUnsignedWhenRequired() throws Exception {
    assertThatThrownBy(() -> verifier(true, ec("secp256r1")).verify(unsigned()))
        .isInstanceOf(UnsignedProvenanceException.class)
        .hasMessageContaining("signature");
    assertThat(verifier(false, ec("secp256r1")).verify(unsigned())).isEmpty();
  }

  @Test
  void refusesTamperedPayloadTypeOrVersionBinding() throws Exception {
    KeyPair p256 = ec("secp256r1");
    ProvenanceVerifier v = verifier(false, p256);
    RegistrationMessage good = signed(unsigned(), JWSAlgorithm.ES256, p256.getPrivate());
    String otherPayload =
        Base64.getEncoder()
            .encodeToString("{\"snp_pcr11\":[\"ffff\"]}".getBytes(StandardCharsets.UTF_8));
    RegistrationMessage tampered =
        new RegistrationMessage(null, "sample", otherPayload, good.signature());
    RegistrationMessage retyped =
        new RegistrationMessage(null, "runbook", PAYLOAD, good.signature());
    for (RegistrationMessage m : List.of(tampered, retyped)) {
      assertThatThrownBy(() -> v.verify(m))
          .isInstanceOf(ProvenanceException.class)
          .hasMessageContaining("does not verify");
    }
  }

  @Test
  void refusesSignatureByUnconfiguredKey() throws Exception {
    ProvenanceVerifier v = verifier(true, ec("secp256r1"));
    RegistrationMessage m = signed(unsigned(), JWSAlgorithm.ES256, ec("secp256r1").getPrivate());
    assertThatThrownBy(() -> v.verify(m)).hasMessageContaining("does not verify");
  }

  @Test
  void algorithmComesFromKeyTypeAndConfigNotFromHeader() throws Exception {
    KeyPair rsa = rsa();
    // RS256 is not in the configured allow-list here.
    ProvenanceVerifier psOnly =
        new ProvenanceVerifier(List.of(rsa.getPublic()), Set.of(JWSAlgorithm.PS256), true);
    assertThatThrownBy(
            () -> psOnly.verify(signed(unsigned(), JWSAlgorithm.RS256, rsa.getPrivate())))
        .hasMessageContaining("RS256 is not allowed");
    // An EC key never admits an RSA algorithm even when the list allows it.
    ProvenanceVerifier ecOnly = verifier(true, ec("secp256r1"));
    assertThatThrownBy(
            () -> ecOnly.verify(signed(unsigned(), JWSAlgorithm.PS256, rsa.getPrivate())))
        .hasMessageContaining("no configured publisher key admits algorithm PS256");
    // HS256 with any "secret" is refused before any key is tried.
    String header = new JWSHeader(JWSAlgorithm.HS256).toBase64URL().toString();
    RegistrationMessage hs =
        new RegistrationMessage(null, "sample", PAYLOAD, Optional.of(header + "..AAAA"));
    assertThatThrownBy(() -> ecOnly.verify(hs)).hasMessageContaining("HS256 is not allowed");
    // "none"
    RegistrationMessage none =
        new RegistrationMessage(
            null, "sample", PAYLOAD, Optional.of(Base64URL.encode("{\"alg\":\"none\"}") + ".."));
    assertThatThrownBy(() -> ecOnly.verify(none)).isInstanceOf(ProvenanceException.class);
  }

  @Test
  void refusesAttachedPayloadAndGarbage() throws Exception {
    KeyPair p256 = ec("secp256r1");
    ProvenanceVerifier v = verifier(true, p256);
    String detached = sign(unsigned(), JWSAlgorithm.ES256, p256.getPrivate());
    String[] parts = detached.split("\\.", -1);
    String attached = parts[0] + "." + Base64URL.encode(unsigned().signingInput()) + "." + parts[2];
    for (String sig : List.of(attached, "garbage", "a.b", "!!!..###")) {
      RegistrationMessage m = new RegistrationMessage(null, "sample", PAYLOAD, Optional.of(sig));
      assertThatThrownBy(() -> v.verify(m))
          .isInstanceOf(ProvenanceException.class)
          .extracting(e -> ((ProvenanceException) e).field())
          .isEqualTo("signature");
    }
  }

  @Test
  void configurationFailsClosed() throws Exception {
    assertThatThrownBy(() -> new ProvenanceVerifier(List.of(), Set.of(JWSAlgorithm.ES256), true))
        .hasMessageContaining("requireSigned without any publisher key");
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    KeyPair weak = g.generateKeyPair();
    assertThatThrownBy(
            () ->
                new ProvenanceVerifier(
                    List.of(weak.getPublic()), ProvenanceVerifier.DEFAULT_ALGORITHMS, false))
        .hasMessageContaining("admits none of the allowed algorithms");
    assertThatThrownBy(() -> ProvenanceVerifier.readPublicKeys("no pem here"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
