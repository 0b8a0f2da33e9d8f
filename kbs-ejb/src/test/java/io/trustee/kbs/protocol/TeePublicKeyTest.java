package io.trustee.kbs.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TeePublicKeyTest {
  static final String X = "csp-iStjBCUEqQ6gcRtpbtJigDytWkoF3w8Smczujvs";
  static final String Y = "RKn__BFbx9TB1kvjuNB3b57dObOGrtr8_HqL1nUOgw0";
  private static final ObjectMapper M = new ObjectMapper();

  static ObjectNode ecJson() {
    ObjectNode o = M.createObjectNode();
    o.put("kty", "EC").put("crv", "P-256").put("alg", "ECDH-ES+A256KW").put("x", X).put("y", Y);
    return o;
  }

  @Test
  void parsesEcAndDropsExtraMembers() throws Exception {
    ObjectNode j = ecJson();
    j.put("kid", "k1").put("use", "enc");
    TeePublicKey k = TeePublicKey.parse(j);
    assertThat(k).isEqualTo(new TeePublicKey.Ec("P-256", "ECDH-ES+A256KW", X, Y));
    assertThat(k.toJcsJson().has("kid")).isFalse();
    assertThat(k.toJcsJson().size()).isEqualTo(5);
    assertThat(k.toJavaKey()).isInstanceOf(ECPublicKey.class);
  }

  @Test
  void parsesRsaShape() throws Exception {
    TeePublicKey k =
        TeePublicKey.parse(
            M.readTree("{\"kty\":\"RSA\",\"alg\":\"RSA1_5\",\"n\":\"AQAB\",\"e\":\"AQAB\"}"));
    assertThat(k).isInstanceOf(TeePublicKey.Rsa.class);
    assertThat(k.toJcsJson().toString()).contains("\"n\":\"AQAB\"");
  }

  @Test
  void rejectsNonStringMemberNamingIt() {
    ObjectNode j = ecJson();
    j.put("x", 5);
    assertThatThrownBy(() -> TeePublicKey.parse(j))
        .isInstanceOf(ProtocolException.class)
        .extracting(e -> ((ProtocolException) e).field())
        .isEqualTo("tee-pubkey.x");
  }

  @Test
  void rejectsMissingMemberAndUnknownKty() throws Exception {
    ObjectNode j = ecJson();
    j.remove("crv");
    assertThatThrownBy(() -> TeePublicKey.parse(j)).hasMessageStartingWith("tee-pubkey.crv");
    assertThatThrownBy(() -> TeePublicKey.parse(M.readTree("{\"kty\":\"AKP\",\"alg\":\"x\"}")))
        .hasMessageStartingWith("tee-pubkey.kty");
  }

  @Test
  void rejectsPointNotOnCurve() throws Exception {
    TeePublicKey k = new TeePublicKey.Ec("P-256", "ECDH-ES+A256KW", X, X);
    assertThatThrownBy(k::toJavaKey)
        .isInstanceOf(InvalidTeeKeyException.class)
        .hasMessageContaining("not on P-256");
  }

  @Test
  void rejectsShortCoordinateAndZeroLength() {
    assertThatThrownBy(
            () -> new TeePublicKey.Ec("P-256", "ECDH-ES+A256KW", X.substring(2), Y).toJavaKey())
        .hasMessageStartingWith("tee-pubkey.x");
    assertThatThrownBy(() -> new TeePublicKey.Ec("P-256", "ECDH-ES+A256KW", "", "").toJavaKey())
        .isInstanceOf(InvalidTeeKeyException.class);
    assertThatThrownBy(() -> new TeePublicKey.Rsa("RSA-OAEP-256", "", "AQAB").toJavaKey())
        .hasMessageStartingWith("tee-pubkey.n");
  }

  @Test
  void rejectsPaddedBase64AndUnsupportedCurveOrAlg() {
    assertThatThrownBy(() -> new TeePublicKey.Ec("P-256", "ECDH-ES+A256KW", X + "=", Y).toJavaKey())
        .hasMessageContaining("padded");
    assertThatThrownBy(() -> new TeePublicKey.Ec("P-384", "ECDH-ES+A256KW", X, Y).toJavaKey())
        .hasMessageStartingWith("tee-pubkey.crv");
    assertThatThrownBy(() -> new TeePublicKey.Ec("P-256", "ECDH-ES", X, Y).toJavaKey())
        .hasMessageStartingWith("tee-pubkey.alg");
  }

  @Test
  void acceptsP521KeyAndRsa2048() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new java.security.spec.ECGenParameterSpec("secp521r1"));
    ECPublicKey pub = (ECPublicKey) g.generateKeyPair().getPublic();
    TeePublicKey k =
        new TeePublicKey.Ec(
            "P-521",
            "ECDH-ES+A256KW",
            b64(pub.getW().getAffineX(), 66),
            b64(pub.getW().getAffineY(), 66));
    assertThat(k.toJavaKey()).isEqualTo(pub);

    KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
    r.initialize(2048);
    RSAPublicKey rp = (RSAPublicKey) r.generateKeyPair().getPublic();
    TeePublicKey rk =
        new TeePublicKey.Rsa(
            "RSA-OAEP-256", b64(rp.getModulus(), 256), b64(rp.getPublicExponent(), 3));
    assertThat(rk.toJavaKey()).isEqualTo(rp);
  }

  @Test
  void rejectsRsa1024() throws Exception {
    KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
    r.initialize(1024);
    RSAPublicKey rp = (RSAPublicKey) r.generateKeyPair().getPublic();
    assertThatThrownBy(
            () -> new TeePublicKey.Rsa("RSA1_5", b64(rp.getModulus(), 128), "AQAB").toJavaKey())
        .hasMessageContaining("need 2048");
  }

  static String b64(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[len];
    int copy = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }
}
