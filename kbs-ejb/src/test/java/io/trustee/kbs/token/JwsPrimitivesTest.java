package io.trustee.kbs.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.Pem;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwsPrimitivesTest {
  private static final ObjectMapper M = new ObjectMapper();

  @Test
  void algorithmMustFitKeyType() throws Exception {
    KeyPair p256 = Pem.generateP256();
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = g.generateKeyPair();
    KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
    r.initialize(1024);
    KeyPair rsa1024 = r.generateKeyPair();
    assertThat(JwsSignatures.fits("ES256", p256.getPublic())).isTrue();
    assertThat(JwsSignatures.fits("ES384", p256.getPublic())).isFalse();
    assertThat(JwsSignatures.fits("ES384", p384.getPublic())).isTrue();
    assertThat(JwsSignatures.fits("RS256", p256.getPublic())).isFalse();
    assertThat(JwsSignatures.fits("RS256", rsa1024.getPublic())).isFalse();
    assertThat(JwsSignatures.fits("EdDSA", Pem.generateEd25519().getPublic())).isTrue();
    assertThat(JwsSignatures.fits("HS256", p256.getPublic())).isFalse();
    assertThat(JwsSignatures.fits("none", p256.getPublic())).isFalse();
  }

  @Test
  void ecdsaSignatureWithSOutOfRangeIsRejectedBeforeJca() throws Exception {
    KeyPair kp = Pem.generateP256();
    byte[] input = "a.b".getBytes(StandardCharsets.US_ASCII);
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(kp.getPrivate());
    s.update(input);
    byte[] sig = s.sign();
    assertThat(JwsSignatures.verify("ES256", kp.getPublic(), input, sig)).isTrue();
    // s + n has the same residue but is out of range: malleability must be refused
    BigInteger n = ((ECPublicKey) kp.getPublic()).getParams().getOrder();
    BigInteger sv = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64)).add(n);
    if (sv.bitLength() <= 256) {
      byte[] forged = Arrays.copyOf(sig, 64);
      System.arraycopy(io.trustee.kbs.crypto.EcCurves.unsigned(sv, 32), 0, forged, 32, 32);
      assertThat(JwsSignatures.verify("ES256", kp.getPublic(), input, forged)).isFalse();
    }
    assertThat(JwsSignatures.verify("ES256", kp.getPublic(), input, new byte[64])).isFalse();
    assertThat(JwsSignatures.verify("ES256", kp.getPublic(), input, Arrays.copyOf(sig, 63)))
        .isFalse();
    byte[] der = new byte[72];
    assertThat(JwsSignatures.verify("ES256", kp.getPublic(), input, der)).isFalse();
  }

  @Test
  void jwkKeysConvertsEcRsaOkpAndRefusesPrivateOrSymmetric() throws Exception {
    ECPublicKey ec = (ECPublicKey) Pem.generateP256().getPublic();
    assertThat(JwkKeys.toPublicKey(EcJwk.toJwk(ec, "ES256"))).isEqualTo(ec);
    KeyPair ed = Pem.generateEd25519();
    byte[] spki = ed.getPublic().getEncoded();
    ObjectNode okp =
        M.createObjectNode()
            .put("kty", "OKP")
            .put("crv", "Ed25519")
            .put(
                "x",
                Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(Arrays.copyOfRange(spki, 12, 44)));
    assertThat(JwkKeys.toPublicKey(okp).getEncoded()).isEqualTo(spki);
    ObjectNode withD = EcJwk.toJwk(ec, "ES256").put("d", "AA");
    assertThatThrownBy(() -> JwkKeys.toPublicKey(withD)).hasMessageContaining("private");
    ObjectNode oct = M.createObjectNode().put("kty", "oct").put("k", "c2VjcmV0");
    assertThatThrownBy(() -> JwkKeys.toPublicKey(oct)).isInstanceOf(IllegalArgumentException.class);
    ObjectNode offCurve = EcJwk.toJwk(ec, "ES256");
    offCurve.put("y", offCurve.get("x").asText());
    assertThatThrownBy(() -> JwkKeys.toPublicKey(offCurve)).hasMessageContaining("not on");
  }

  @Test
  void compactJwsRefusesPaddingAndNonObjects() {
    String h = Base64.getUrlEncoder().encodeToString("{\"alg\":\"ES2\"}".getBytes());
    assertThatThrownBy(() -> CompactJws.parse(h + ".e30.")).hasMessageContaining("padded");
    String arr = Base64.getUrlEncoder().withoutPadding().encodeToString("[1]".getBytes());
    assertThatThrownBy(() -> CompactJws.parse(arr + ".e30."))
        .hasMessageContaining("not a JSON object");
    String crit =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"ES256\",\"crit\":[\"exp\"]}".getBytes());
    assertThatThrownBy(() -> CompactJws.parse(crit + ".e30.AA")).hasMessageContaining("critical");
    assertThatThrownBy(() -> CompactJws.parse("x".repeat(CompactJws.MAX_LENGTH + 1)))
        .hasMessageContaining("oversized");
  }
}
