package io.trustee.kbs.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestationTokenVerifierTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  @TempDir Path dir;

  private static ObjectNode payload(long exp) {
    return M.createObjectNode().put("exp", exp).put("iss", "x");
  }

  private static AttestationTokenVerifier ownOnly(SigningKeyMaterial m) {
    return new AttestationTokenVerifier(
        List.of(), List.of(), false, Optional.of(m.publicKey()), CLOCK);
  }

  private static String b64(String s) {
    return B64URL.encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String es256(KeyPair kp, ObjectNode header, ObjectNode payload) throws Exception {
    String input = b64(header.toString()) + "." + b64(payload.toString());
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(kp.getPrivate());
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + B64URL.encodeToString(s.sign());
  }

  @Test
  void ownSignerTokensVerifyWithoutConfiguration() throws Exception {
    SigningKeyMaterial m = SigningKeyMaterial.generate();
    String token = new EarTokenSigner(m).sign(payload(NOW.getEpochSecond() + 300));
    assertThat(ownOnly(m).verify(token).get("iss").asText()).isEqualTo("x");
  }

  @Test
  void refusesTokenFromAnotherKey() {
    SigningKeyMaterial ours = SigningKeyMaterial.generate();
    String theirs =
        new EarTokenSigner(SigningKeyMaterial.generate()).sign(payload(NOW.getEpochSecond() + 300));
    assertThatThrownBy(() -> ownOnly(ours).verify(theirs))
        .isInstanceOf(TokenVerificationException.class)
        .extracting(e -> ((TokenVerificationException) e).reason())
        .isEqualTo("untrusted key");
  }

  @Test
  void insecureHeaderJwkAcceptsAnyHeaderKey() throws Exception {
    String theirs =
        new EarTokenSigner(SigningKeyMaterial.generate()).sign(payload(NOW.getEpochSecond() + 300));
    AttestationTokenVerifier v =
        new AttestationTokenVerifier(List.of(), List.of(), true, Optional.empty(), CLOCK);
    assertThat(v.verify(theirs).has("exp")).isTrue();
  }

  @Test
  void headerJwkSwappedAfterSigningFailsSignature() throws Exception {
    SigningKeyMaterial ours = SigningKeyMaterial.generate();
    String foreign =
        new EarTokenSigner(SigningKeyMaterial.generate()).sign(payload(NOW.getEpochSecond() + 300));
    String ownHeader = new EarTokenSigner(ours).sign(payload(0)).split("\\.")[0];
    String[] p = foreign.split("\\.");
    String forged = ownHeader + "." + p[1] + "." + p[2];
    assertThatThrownBy(() -> ownOnly(ours).verify(forged))
        .extracting(e -> ((TokenVerificationException) e).reason())
        .isEqualTo("bad signature");
  }

  @Test
  void expiredBeyondLeewayIsRejectedWithinLeewayAccepted() throws Exception {
    SigningKeyMaterial m = SigningKeyMaterial.generate();
    EarTokenSigner s = new EarTokenSigner(m);
    assertThat(ownOnly(m).verify(s.sign(payload(NOW.getEpochSecond() - 59)))).isNotNull();
    assertThatThrownBy(() -> ownOnly(m).verify(s.sign(payload(NOW.getEpochSecond() - 61))))
        .extracting(e -> ((TokenVerificationException) e).reason())
        .isEqualTo("expired");
  }

  @Test
  void missingExpIsRejected() {
    SigningKeyMaterial m = SigningKeyMaterial.generate();
    String t = new EarTokenSigner(m).sign(M.createObjectNode().put("iss", "x"));
    assertThatThrownBy(() -> ownOnly(m).verify(t)).hasMessageContaining("exp claim missing");
  }

  @Test
  void algNoneIsRejected() throws Exception {
    SigningKeyMaterial m = SigningKeyMaterial.generate();
    ObjectNode h = M.createObjectNode().put("alg", "none");
    h.set("jwk", m.publicJwk());
    String t = b64(h.toString()) + "." + b64(payload(NOW.getEpochSecond() + 300).toString()) + ".";
    assertThatThrownBy(() -> ownOnly(m).verify(t))
        .extracting(e -> ((TokenVerificationException) e).reason())
        .isEqualTo("bad algorithm");
  }

  @Test
  void hmacWithPublicKeyBytesIsRejected() throws Exception {
    SigningKeyMaterial m = SigningKeyMaterial.generate();
    ObjectNode jwk = m.publicJwk();
    jwk.put("alg", "HS256");
    ObjectNode h = M.createObjectNode().put("alg", "HS256");
    h.set("jwk", jwk);
    String input = b64(h.toString()) + "." + b64(payload(NOW.getEpochSecond() + 300).toString());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(m.publicKey().getEncoded(), "HmacSHA256"));
    String t =
        input + "." + B64URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    assertThatThrownBy(() -> ownOnly(m).verify(t))
        .extracting(e -> ((TokenVerificationException) e).reason())
        .isEqualTo("bad algorithm");
  }

  @Test
  void headerAlgMustEqualJwkAlg() throws Exception {
    KeyPair kp = Pem.generateP256();
    SigningKeyMaterial m = SigningKeyMaterial.generate();
    ObjectNode jwk = m.publicJwk();
    ObjectNode h = M.createObjectNode().put("alg", "ES384");
    h.set("jwk", jwk);
    String t = es256(kp, h, payload(NOW.getEpochSecond() + 300));
    assertThatThrownBy(() -> ownOnly(m).verify(t)).hasMessageContaining("header alg differs");
  }

  @Test
  void zeroAndShortSignaturesAreRejected() throws Exception {
    SigningKeyMaterial m = SigningKeyMaterial.generate();
    String[] p = new EarTokenSigner(m).sign(payload(NOW.getEpochSecond() + 300)).split("\\.");
    String zero = p[0] + "." + p[1] + "." + B64URL.encodeToString(new byte[64]);
    String empty = p[0] + "." + p[1] + ".";
    assertThatThrownBy(() -> ownOnly(m).verify(zero)).hasMessageContaining("bad signature");
    assertThatThrownBy(() -> ownOnly(m).verify(empty)).hasMessageContaining("bad signature");
  }

  @Test
  void zeroLengthHeaderJwkCoordinatesAreMalformed() throws Exception {
    SigningKeyMaterial m = SigningKeyMaterial.generate();
    ObjectNode jwk = m.publicJwk();
    jwk.put("x", "").put("y", "");
    ObjectNode h = M.createObjectNode().put("alg", "ES256");
    h.set("jwk", jwk);
    String t = es256(Pem.generateP256(), h, payload(NOW.getEpochSecond() + 5));
    AttestationTokenVerifier v =
        new AttestationTokenVerifier(List.of(), List.of(), true, Optional.empty(), CLOCK);
    assertThatThrownBy(() -> v.verify(t))
        .extracting(e -> ((TokenVerificationException) e).reason())
        .isEqualTo("malformed");
  }

  @Test
  void privateJwkInHeaderIsRefused() throws Exception {
    SigningKeyMaterial m = SigningKeyMaterial.generate();
    ObjectNode jwk = m.publicJwk();
    jwk.put("d", "AAAA");
    ObjectNode h = M.createObjectNode().put("alg", "ES256");
    h.set("jwk", jwk);
    String t = es256(Pem.generateP256(), h, payload(NOW.getEpochSecond() + 5));
    assertThatThrownBy(() -> ownOnly(m).verify(t)).hasMessageContaining("private");
  }

  @Test
  void malformedTokensAreRejected() {
    AttestationTokenVerifier v = ownOnly(SigningKeyMaterial.generate());
    for (String t : List.of("", "a.b", "a.b.c.d", "!!.e30.", b64("[]") + "." + b64("{}") + ".")) {
      assertThatThrownBy(() -> v.verify(t))
          .extracting(e -> ((TokenVerificationException) e).reason())
          .isEqualTo("malformed");
    }
  }

  private record Chain(KeyPair caKey, X509Certificate ca, KeyPair leafKey, X509Certificate leaf) {}

  private static Chain chain() throws Exception {
    KeyPair caKey = Pem.generateP256();
    X509Certificate ca =
        TestCerts.issue("root", caKey.getPublic(), "root", caKey, true, Duration.ofDays(10));
    KeyPair leafKey = Pem.generateP256();
    X509Certificate leaf =
        TestCerts.issue("as", leafKey.getPublic(), "root", caKey, false, Duration.ofDays(1));
    return new Chain(caKey, ca, leafKey, leaf);
  }

  private static SigningKeyMaterial material(KeyPair kp, List<X509Certificate> certs, Path dir)
      throws Exception {
    Path key = dir.resolve("signer.key");
    Files.writeString(key, Pem.write(kp.getPrivate()));
    return SigningKeyMaterial.fromPem(key, Optional.empty(), Optional.empty())
        .withCertificates(certs, Optional.empty());
  }

  @Test
  void x5cChainToTrustedCertVerifies() throws Exception {
    Chain c = chain();
    SigningKeyMaterial m = material(c.leafKey(), List.of(c.leaf()), dir);
    AttestationTokenVerifier v =
        new AttestationTokenVerifier(
            List.of(c.ca()), List.of(), false, Optional.empty(), Clock.systemUTC());
    String t = new EarTokenSigner(m).sign(payload(Instant.now().getEpochSecond() + 300));
    assertThat(v.verify(t)).isNotNull();
  }

  @Test
  void x5cChainToUntrustedRootIsRejected() throws Exception {
    Chain c = chain();
    Chain other = chain();
    SigningKeyMaterial m = material(c.leafKey(), List.of(c.leaf()), dir);
    AttestationTokenVerifier v =
        new AttestationTokenVerifier(
            List.of(other.ca()), List.of(), false, Optional.empty(), Clock.systemUTC());
    String t = new EarTokenSigner(m).sign(payload(Instant.now().getEpochSecond() + 300));
    assertThatThrownBy(() -> v.verify(t)).hasMessageContaining("does not validate");
  }

  @Test
  void tamperedX5cLeafOfAnotherKeyIsRejected() throws Exception {
    Chain c = chain();
    KeyPair attacker = Pem.generateP256();
    // attacker signs with own key but presents the legitimate leaf certificate in x5c
    ObjectNode jwk =
        EcJwk.toJwk((java.security.interfaces.ECPublicKey) attacker.getPublic(), "ES256");
    jwk.putArray("x5c").add(Base64.getEncoder().encodeToString(c.leaf().getEncoded()));
    ObjectNode h = M.createObjectNode().put("typ", "JWT").put("alg", "ES256");
    h.set("jwk", jwk);
    String t = es256(attacker, h, payload(Instant.now().getEpochSecond() + 300));
    AttestationTokenVerifier v =
        new AttestationTokenVerifier(
            List.of(c.ca()), List.of(), false, Optional.empty(), Clock.systemUTC());
    assertThatThrownBy(() -> v.verify(t)).hasMessageContaining("x5c leaf does not carry");
  }

  @Test
  void headerJwkWithoutX5cIsRejectedWhenOnlyCertsTrusted() throws Exception {
    Chain c = chain();
    String t =
        new EarTokenSigner(SigningKeyMaterial.generate())
            .sign(payload(Instant.now().getEpochSecond() + 300));
    AttestationTokenVerifier v =
        new AttestationTokenVerifier(
            List.of(c.ca()), List.of(), false, Optional.empty(), Clock.systemUTC());
    assertThatThrownBy(() -> v.verify(t)).hasMessageContaining("no x5c");
  }

  @Test
  void expiredLeafCertificateIsRejected() throws Exception {
    Chain c = chain();
    SigningKeyMaterial m = material(c.leafKey(), List.of(c.leaf()), dir);
    Clock future = Clock.fixed(Instant.now().plus(Duration.ofDays(5)), ZoneOffset.UTC);
    AttestationTokenVerifier v =
        new AttestationTokenVerifier(List.of(c.ca()), List.of(), false, Optional.empty(), future);
    String t = new EarTokenSigner(m).sign(payload(future.instant().getEpochSecond() + 300));
    assertThatThrownBy(() -> v.verify(t)).hasMessageContaining("does not validate");
  }

  @Test
  void kidFromTrustedJwkSetFileVerifies() throws Exception {
    KeyPair kp = Pem.generateP256();
    ObjectNode jwk = EcJwk.toJwk((java.security.interfaces.ECPublicKey) kp.getPublic(), "ES256");
    jwk.put("kid", "ita-1");
    ObjectNode set = M.createObjectNode();
    set.putArray("keys").add(jwk);
    Path f = dir.resolve("jwks.json");
    Files.writeString(f, set.toString());
    AttestationTokenVerifier v =
        AttestationTokenVerifier.fromSources(
            List.of(), List.of(f.toUri().toString()), false, Optional.empty(), CLOCK);
    ObjectNode h = M.createObjectNode().put("alg", "ES256").put("kid", "ita-1");
    assertThat(v.verify(es256(kp, h, payload(NOW.getEpochSecond() + 10)))).isNotNull();
    ObjectNode unknown = M.createObjectNode().put("alg", "ES256").put("kid", "other");
    assertThatThrownBy(() -> v.verify(es256(kp, unknown, payload(NOW.getEpochSecond() + 10))))
        .hasMessageContaining("kid not in trusted");
  }

  @Test
  void fromConfigWithoutTrustMaterialStillTrustsOwnSigner() throws Exception {
    SigningKeyMaterial m = SigningKeyMaterial.generate();
    var cfg =
        new io.trustee.kbs.config.KbsConfig.AttestationToken(
            List.of(), List.of(), false, List.of());
    AttestationTokenVerifier v =
        AttestationTokenVerifier.fromConfig(
            cfg, OwnSigningKeys.of(Optional.of(m.publicKey())), CLOCK);
    assertThat(v.verify(new EarTokenSigner(m).sign(payload(NOW.getEpochSecond() + 5)))).isNotNull();
  }

  @Test
  void signerFromConfigUsesDataDirWhenNoKeyPath() throws Exception {
    var signer =
        new io.trustee.kbs.config.KbsConfig.Signer(
            Optional.empty(), Optional.empty(), Optional.of("https://as/cert"));
    SigningKeyMaterial a = SigningKeyMaterial.fromConfig(signer, dir);
    SigningKeyMaterial b = SigningKeyMaterial.fromConfig(signer, dir);
    assertThat(a.publicKey()).isEqualTo(b.publicKey());
    assertThat(a.publicJwk().get("x5u").asText()).isEqualTo("https://as/cert");
  }

  @Test
  void refusesToBuildWithoutAnyTrustSource() {
    assertThatThrownBy(
            () ->
                new AttestationTokenVerifier(List.of(), List.of(), false, Optional.empty(), CLOCK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void certsFileThatDoesNotExistNamesConfigKey() {
    assertThatThrownBy(
            () ->
                AttestationTokenVerifier.fromSources(
                    List.of(dir.resolve("none.pem")), List.of(), false, Optional.empty(), CLOCK))
        .hasMessageContaining("trusted_certs_paths");
  }

  @Test
  void teeKeyLocatorFindsEarPathAndHonoursExtraPathsFirst() throws Exception {
    JsonNode key =
        M.readTree(
            "{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ECDH-ES+A256KW\",\"x\":\"a\",\"y\":\"b\"}");
    ObjectNode claims = M.createObjectNode();
    ((ObjectNode)
            claims
                .putObject("submods")
                .putObject("cpu0")
                .putObject("ear.veraison.annotated-evidence")
                .putObject("runtime_data_claims"))
        .set("tee-pubkey", key);
    assertThat(new TeeKeyLocator(List.of()).locate(claims).toJcsJson().get("x").asText())
        .isEqualTo("a");
    ObjectNode other = (ObjectNode) key.deepCopy();
    other.put("x", "extra");
    claims.putObject("mine").set("k", other);
    assertThat(new TeeKeyLocator(List.of("/mine/k")).locate(claims).toJcsJson().get("x").asText())
        .isEqualTo("extra");
  }

  @Test
  void teeKeyLocatorFailsOnMissingOrMalformedKey() {
    ObjectNode claims = M.createObjectNode();
    assertThatThrownBy(() -> new TeeKeyLocator(List.of()).locate(claims))
        .hasMessageContaining("no TEE public key");
    claims.putObject("tee-pubkey").put("kty", "EC");
    assertThatThrownBy(() -> new TeeKeyLocator(List.of()).locate(claims))
        .extracting(e -> ((TokenVerificationException) e).reason())
        .isEqualTo("tee key");
    assertThatThrownBy(() -> new TeeKeyLocator(List.of("no-slash")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rsaAndPssTokensFromJwkSetVerify() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    java.security.interfaces.RSAPublicKey pub =
        (java.security.interfaces.RSAPublicKey) kp.getPublic();
    for (String alg : List.of("RS256", "PS256")) {
      ObjectNode jwk =
          M.createObjectNode()
              .put("kty", "RSA")
              .put("kid", "r")
              .put("alg", alg)
              .put("n", B64URL.encodeToString(pub.getModulus().toByteArray()))
              .put("e", B64URL.encodeToString(pub.getPublicExponent().toByteArray()));
      AttestationTokenVerifier v =
          new AttestationTokenVerifier(List.of(), List.of(jwk), false, Optional.empty(), CLOCK);
      String input =
          b64(M.createObjectNode().put("alg", alg).put("kid", "r").toString())
              + "."
              + b64(payload(NOW.getEpochSecond() + 10).toString());
      Signature s;
      if (alg.equals("RS256")) {
        s = Signature.getInstance("SHA256withRSA");
      } else {
        s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(
            new java.security.spec.PSSParameterSpec(
                "SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
      }
      s.initSign(kp.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      assertThat(v.verify(input + "." + B64URL.encodeToString(s.sign()))).isNotNull();
    }
  }
}
