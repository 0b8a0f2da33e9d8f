package io.trustee.kbs.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import io.trustee.kbs.crypto.Pem;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void ecdsaSignatureWithROrSEqualToTheOrderIsRejected() throws Exception {
    KeyPair kp = Pem.generateP256();
    byte[] input = "a.b".getBytes(StandardCharsets.US_ASCII);
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(kp.getPrivate());
    s.update(input);
    byte[] sig = s.sign();
    byte[] n =
        io.trustee.kbs.crypto.EcCurves.unsigned(
            ((ECPublicKey) kp.getPublic()).getParams().getOrder(), 32);
    byte[] rIsN = Arrays.copyOf(sig, 64);
    System.arraycopy(n, 0, rIsN, 0, 32);
    byte[] sIsN = Arrays.copyOf(sig, 64);
    System.arraycopy(n, 0, sIsN, 32, 32);
    assertThat(JwsSignatures.verify("ES256", kp.getPublic(), input, rIsN)).isFalse();
    assertThat(JwsSignatures.verify("ES256", kp.getPublic(), input, sIsN)).isFalse();
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
  void jwkSetSourceFollowsJwksUriOnceAndRefusesPlainHttp(@TempDir Path dir) throws Exception {
    ObjectNode jwk = EcJwk.toJwk((ECPublicKey) Pem.generateP256().getPublic(), "ES256");
    jwk.put("kid", "k1");
    ObjectNode set = M.createObjectNode();
    set.putArray("keys").add(jwk);
    Path jwks = Files.writeString(dir.resolve("jwks.json"), set.toString());
    Path openid =
        Files.writeString(
            dir.resolve("openid.json"),
            M.createObjectNode().put("jwks_uri", jwks.toUri().toString()).toString());
    var found =
        JwkKeys.source(openid.toString())
            .get(new JWKSelector(new JWKMatcher.Builder().keyID("k1").build()), null);
    assertThat(found).hasSize(1);
    assertThatThrownBy(() -> JwkKeys.source("http://kbs.invalid/jwks.json"))
        .hasMessageContaining("plain http");
    Path notASet = Files.writeString(dir.resolve("x.json"), "{\"foo\":1}");
    assertThatThrownBy(() -> JwkKeys.source(notASet.toString()))
        .hasMessageContaining("not a JWK Set");
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
