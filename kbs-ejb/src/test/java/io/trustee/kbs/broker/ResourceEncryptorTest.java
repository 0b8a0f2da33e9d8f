package io.trustee.kbs.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.protocol.TeePublicKey;
import io.trustee.kbs.util.Bytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.junit.jupiter.api.Test;

class ResourceEncryptorTest {
  private static final byte[] SECRET = "my-secret-resource".getBytes(StandardCharsets.UTF_8);

  private static byte[] range(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  private static KeyPair p256FromScalar(String hex) throws Exception {
    BigInteger d = new BigInteger(hex, 16);
    var g = ECNamedCurveTable.getParameterSpec("P-256").getG().multiply(d).normalize();
    ECParameterSpec params = TeePublicKey.Ec.curveParameters("P-256");
    KeyFactory kf = KeyFactory.getInstance("EC");
    ECPoint w = new ECPoint(g.getAffineXCoord().toBigInteger(), g.getAffineYCoord().toBigInteger());
    return new KeyPair(
        kf.generatePublic(new ECPublicKeySpec(w, params)),
        kf.generatePrivate(new ECPrivateKeySpec(d, params)));
  }

  private static JweRandomness fixed(KeyPair eph) {
    return new JweRandomness() {
      public byte[] cek() {
        return range(32);
      }

      public byte[] iv() {
        return range(12);
      }

      public KeyPair ephemeral(ECParameterSpec curve) {
        return eph;
      }
    };
  }

  private static final TeePublicKey SPEC_KEY =
      new TeePublicKey.Ec(
          "P-256",
          "ECDH-ES+A256KW",
          "csp-iStjBCUEqQ6gcRtpbtJigDytWkoF3w8Smczujvs",
          "RKn__BFbx9TB1kvjuNB3b57dObOGrtr8_HqL1nUOgw0");

  @Test
  void reproducesSpecP256VectorExactly() throws Exception {
    KeyPair eph =
        p256FromScalar("7d0d9b2bd7ce179937509ec310a092ff0511abe896d69ce5118cba7f8c337d0c");
    ObjectNode jwe =
        new ResourceEncryptor(false, fixed(eph)).encrypt(SECRET, SPEC_KEY, ProtocolVersion.V0_4_0);
    assertThat(jwe.get("protected").asText())
        .isEqualTo(
            "eyJhbGciOiJFQ0RILUVTK0EyNTZLVyIsImVuYyI6IkEyNTZHQ00iLCJlcGsiOnsiY3J2IjoiUC0yNTYiLCJrdHkiOiJFQyIsIngiOiJWR3dNTVBUSWRpTmRUeHRKV2NUY1ZwRW1zbDZWWC1DM1M0RDhmWGsxcXI4IiwieSI6ImVtaF9fMjdmTWpxREh3VkFwOGNmd2JXVjBESEVueTlkQ3RiMkw3M3lWMmsifX0");
    assertThat(jwe.get("encrypted_key").asText())
        .isEqualTo("iwK2mRuRkbSQyyfRIbP9PPbIlPwDRvLQp2I35gekAwb1FFNJ1ATXWQ");
    assertThat(jwe.get("iv").asText()).isEqualTo("AAECAwQFBgcICQoL");
    assertThat(jwe.get("ciphertext").asText()).isEqualTo("Knv7aKCGsH75bOXuwoYNH-Cz");
    assertThat(jwe.get("tag").asText()).isEqualTo("e21eAWKVl8Ojy_fgsG0_Vg");
    assertThat(jwe.has("aad")).isFalse();
    assertThat(jwe.size()).isEqualTo(5);
  }

  @Test
  void specKdfIntermediateValues() throws Exception {
    byte[] z = Bytes.fromHex("b03033c1d871af752f5f22895b34c1b156c118ae47ec8641bc2194c420f6c47c");
    assertThat(Bytes.toHex(ResourceEncryptor.concatKdf(z)))
        .isEqualTo("382172c99d16438f49013bfaab2865b7e8893af9a26db2e571954a4775f6ca96");
  }

  private static String compact(ObjectNode j) {
    return String.join(
        ".",
        j.get("protected").asText(),
        j.get("encrypted_key").asText(),
        j.get("iv").asText(),
        j.get("ciphertext").asText(),
        j.get("tag").asText());
  }

  private static TeePublicKey ecKey(KeyPair kp, String crv, int len) {
    ECPublicKey p = (ECPublicKey) kp.getPublic();
    return new TeePublicKey.Ec(
        crv,
        "ECDH-ES+A256KW",
        b64(io.trustee.kbs.crypto.EcCurves.unsigned(p.getW().getAffineX(), len)),
        b64(io.trustee.kbs.crypto.EcCurves.unsigned(p.getW().getAffineY(), len)));
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  @Test
  void p256RoundTripsThroughNimbus() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    ObjectNode j =
        new ResourceEncryptor(false)
            .encrypt(SECRET, ecKey(kp, "P-256", 32), ProtocolVersion.V0_4_0);
    JWEObject o = JWEObject.parse(compact(j));
    o.decrypt(new ECDHDecrypter((ECPrivateKey) kp.getPrivate()));
    assertThat(o.getPayload().toBytes()).isEqualTo(SECRET);
  }

  @Test
  void p521RoundTripsThroughNimbusWith66ByteCoordinates() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp521r1"));
    KeyPair kp = g.generateKeyPair();
    ObjectNode j =
        new ResourceEncryptor(false)
            .encrypt(SECRET, ecKey(kp, "P-521", 66), ProtocolVersion.V0_2_0);
    String header =
        new String(
            Base64.getUrlDecoder().decode(j.get("protected").asText()), StandardCharsets.UTF_8);
    assertThat(header)
        .startsWith(
            "{\"alg\":\"ECDH-ES+A256KW\",\"enc\":\"A256GCM\",\"epk\":{\"crv\":\"P-521\",\"kty\":\"EC\",\"x\":\"");
    String x = header.replaceAll(".*\"x\":\"([^\"]+)\".*", "$1");
    assertThat(Base64.getUrlDecoder().decode(x)).hasSize(66);
    JWEObject o = JWEObject.parse(compact(j));
    o.decrypt(new ECDHDecrypter((ECPrivateKey) kp.getPrivate()));
    assertThat(o.getPayload().toBytes()).isEqualTo(SECRET);
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static TeePublicKey rsaKey(KeyPair kp, String alg) {
    RSAPublicKey p = (RSAPublicKey) kp.getPublic();
    return new TeePublicKey.Rsa(
        alg,
        b64(io.trustee.kbs.crypto.EcCurves.unsigned(p.getModulus(), 256)),
        b64(p.getPublicExponent().toByteArray()));
  }

  @Test
  void rsaOaep256RoundTripsThroughNimbusWithExactHeader() throws Exception {
    KeyPair kp = rsa();
    ObjectNode j =
        new ResourceEncryptor(false)
            .encrypt(SECRET, rsaKey(kp, "RSA-OAEP-256"), ProtocolVersion.V0_4_0);
    assertThat(
            new String(
                Base64.getUrlDecoder().decode(j.get("protected").asText()), StandardCharsets.UTF_8))
        .isEqualTo("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}");
    assertThat(Base64.getUrlDecoder().decode(j.get("encrypted_key").asText())).hasSize(256);
    JWEObject o = JWEObject.parse(compact(j));
    o.decrypt(new RSADecrypter(kp.getPrivate()));
    assertThat(o.getPayload().toBytes()).isEqualTo(SECRET);
  }

  @Test
  void rsa15RefusedWhenTurnedOff() throws Exception {
    KeyPair kp = rsa();
    assertThatThrownBy(
            () ->
                new ResourceEncryptor(false)
                    .encrypt(SECRET, rsaKey(kp, "RSA1_5"), ProtocolVersion.V0_4_0))
        .isInstanceOf(JweException.class)
        .hasMessageContaining("disabled");
  }

  @Test
  void rsa15RoundTripsWhenEnabled() throws Exception {
    KeyPair kp = rsa();
    ObjectNode j =
        new ResourceEncryptor(true).encrypt(SECRET, rsaKey(kp, "RSA1_5"), ProtocolVersion.V0_2_0);
    JWEObject o = JWEObject.parse(compact(j));
    o.decrypt(new RSADecrypter(kp.getPrivate()));
    assertThat(o.getPayload().toBytes()).isEqualTo(SECRET);
  }

  @Test
  void legacyFormForOldGuests() throws Exception {
    KeyPair kp = rsa();
    ObjectNode j =
        new ResourceEncryptor(true).encrypt(SECRET, rsaKey(kp, "RSA1_5"), ProtocolVersion.V0_1_1);
    assertThat(j.get("protected").asText()).isEqualTo("{\"alg\":\"RSA1_5\",\"enc\":\"A256GCM\"}");
    assertThat(j.get("tag").asText()).isEmpty();
    Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    rsa.init(Cipher.DECRYPT_MODE, kp.getPrivate());
    byte[] cek = rsa.doFinal(Base64.getUrlDecoder().decode(j.get("encrypted_key").asText()));
    assertThat(cek).hasSize(32);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(cek, "AES"),
        new GCMParameterSpec(128, Base64.getUrlDecoder().decode(j.get("iv").asText())));
    assertThat(gcm.doFinal(Base64.getUrlDecoder().decode(j.get("ciphertext").asText())))
        .isEqualTo(SECRET);
  }

  @Test
  void servabilityIsKnownBeforeAnythingIsEncrypted() throws Exception {
    KeyPair kp = rsa();
    TeePublicKey rsa15 = rsaKey(kp, "RSA1_5");
    new ResourceEncryptor(true).requireServable(rsa15, ProtocolVersion.V0_4_0);
    new ResourceEncryptor(true).requireServable(rsa15, ProtocolVersion.V0_1_0);
    new ResourceEncryptor(false).requireServable(SPEC_KEY, ProtocolVersion.V0_4_0);
    new ResourceEncryptor(false)
        .requireServable(rsaKey(kp, "RSA-OAEP-256"), ProtocolVersion.V0_4_0);
    assertThatThrownBy(
            () -> new ResourceEncryptor(false).requireServable(rsa15, ProtocolVersion.V0_4_0))
        .isInstanceOf(JweException.class)
        .hasMessageContaining("RSA1_5")
        .hasMessageContaining("kbs.resource.allow-rsa1_5=false");
    assertThatThrownBy(
            () -> new ResourceEncryptor(true).requireServable(SPEC_KEY, ProtocolVersion.V0_1_0))
        .isInstanceOf(JweException.class)
        .hasMessageContaining("only support RSA1_5");
  }

  @Test
  void legacyGuestWithEcKeyIsRefused() {
    assertThatThrownBy(
            () -> new ResourceEncryptor(true).encrypt(SECRET, SPEC_KEY, ProtocolVersion.V0_1_0))
        .isInstanceOf(JweException.class);
  }

  @Test
  void offCurveKeyIsAJweError() {
    TeePublicKey bad =
        new TeePublicKey.Ec(
            "P-256",
            "ECDH-ES+A256KW",
            "csp-iStjBCUEqQ6gcRtpbtJigDytWkoF3w8Smczujvs",
            "csp-iStjBCUEqQ6gcRtpbtJigDytWkoF3w8Smczujvs");
    assertThatThrownBy(
            () -> new ResourceEncryptor(false).encrypt(SECRET, bad, ProtocolVersion.V0_4_0))
        .isInstanceOf(JweException.class)
        .hasMessageContaining("not on P-256");
  }

  @Test
  void unknownAlgorithmIsRefused() {
    TeePublicKey k = new TeePublicKey.Ec("P-256", "dir", "a", "b");
    assertThatThrownBy(() -> new ResourceEncryptor(true).encrypt(SECRET, k, ProtocolVersion.V0_4_0))
        .isInstanceOf(JweException.class)
        .hasMessageContaining("unsupported");
  }

  @Test
  void freshCekAndIvPerCall() throws Exception {
    ResourceEncryptor e = new ResourceEncryptor(false);
    ObjectNode a = e.encrypt(SECRET, SPEC_KEY, ProtocolVersion.V0_4_0);
    ObjectNode b = e.encrypt(SECRET, SPEC_KEY, ProtocolVersion.V0_4_0);
    assertThat(a.get("iv")).isNotEqualTo(b.get("iv"));
    assertThat(a.get("encrypted_key")).isNotEqualTo(b.get("encrypted_key"));
  }
}
