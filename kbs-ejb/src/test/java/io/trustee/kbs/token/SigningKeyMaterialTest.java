package io.trustee.kbs.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import io.trustee.kbs.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyMaterialTest {
  @TempDir Path dir;
  private static final ObjectMapper M = new ObjectMapper();

  @Test
  void loadOrCreatePersistsKeyOwnerOnlyAndReloadsSameKey() throws Exception {
    SigningKeyMaterial a = SigningKeyMaterial.loadOrCreate(dir);
    Path f = dir.resolve(SigningKeyMaterial.KEY_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    SigningKeyMaterial b = SigningKeyMaterial.loadOrCreate(dir);
    assertThat(b.publicKey()).isEqualTo(a.publicKey());
    assertThat(a.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void operatorPemWithCertificateGoesIntoJwk() throws Exception {
    KeyPair kp = Pem.generateP256();
    Path key = dir.resolve("token.key");
    Path crt = dir.resolve("token.crt");
    Files.writeString(key, Pem.write(kp.getPrivate()));
    Files.writeString(
        crt,
        Pem.write(
            io.trustee.kbs.crypto.TlsKeystores.selfSignedCertificate(
                kp, "as", List.of(), Duration.ofDays(1))));
    SigningKeyMaterial m =
        SigningKeyMaterial.fromPem(key, Optional.of(crt), Optional.of("https://x/cert"));
    ObjectNode jwk = m.publicJwk();
    assertThat(jwk.fieldNames())
        .toIterable()
        .containsExactly("kty", "crv", "alg", "x", "y", "kid", "x5c", "x5u");
    assertThat(jwk.get("kid").asText()).isEqualTo(m.kid());
    assertThat(jwk.get("alg").asText()).isEqualTo("ES256");
    assertThat(Base64.getUrlDecoder().decode(jwk.get("x").asText())).hasSize(32);
    assertThat(Base64.getDecoder().decode(jwk.get("x5c").get(0).asText()))
        .isEqualTo(m.certificateChain().get(0).getEncoded());
    assertThat(m.publicJwks().get("keys").get(0)).isEqualTo(jwk);
  }

  @Test
  void refusesP384Key() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    Path key = dir.resolve("k.pem");
    Files.writeString(key, Pem.write(g.generateKeyPair().getPrivate()));
    assertThatThrownBy(() -> SigningKeyMaterial.fromPem(key, Optional.empty(), Optional.empty()))
        .isInstanceOf(SigningKeyException.class)
        .hasMessageContaining("P-256");
  }

  @Test
  void refusesRsaKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    Path key = dir.resolve("k.pem");
    Files.writeString(key, Pem.write(g.generateKeyPair().getPrivate()));
    assertThatThrownBy(() -> SigningKeyMaterial.fromPem(key, Optional.empty(), Optional.empty()))
        .hasMessageContaining("P-256");
  }

  @Test
  void refusesCertificateOfAnotherKey() throws Exception {
    Path key = dir.resolve("k.pem");
    Path crt = dir.resolve("c.pem");
    Files.writeString(key, Pem.write(Pem.generateP256().getPrivate()));
    Files.writeString(
        crt,
        Pem.write(
            io.trustee.kbs.crypto.TlsKeystores.selfSignedCertificate(
                Pem.generateP256(), "x", List.of(), Duration.ofDays(1))));
    assertThatThrownBy(() -> SigningKeyMaterial.fromPem(key, Optional.of(crt), Optional.empty()))
        .hasMessageContaining("does not match");
  }

  @Test
  void missingKeyFileNamesTheConfigKey() {
    assertThatThrownBy(
            () ->
                SigningKeyMaterial.fromPem(dir.resolve("nope"), Optional.empty(), Optional.empty()))
        .hasMessageContaining("signer.key_path");
  }

  @Test
  void signerProducesEs256JwtWithExactHeaderThatNimbusVerifies() throws Exception {
    SigningKeyMaterial m = SigningKeyMaterial.generate();
    ObjectNode payload =
        M.createObjectNode().put("exp", 2000000000L).put("iss", "CoCo-Attestation-Service");
    String token = new EarTokenSigner(m).sign(payload);
    String[] parts = token.split("\\.");
    String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
    assertThat(header)
        .startsWith(
            "{\"typ\":\"JWT\",\"alg\":\"ES256\",\"kid\":\""
                + m.kid()
                + "\",\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ES256\",\"x\":");
    assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(64);
    JWSObject jws = JWSObject.parse(token);
    assertThat(jws.verify(new ECDSAVerifier(m.publicKey()))).isTrue();
    assertThat(jws.getPayload().toString()).isEqualTo(payload.toString());
    assertThat(jws.getHeader().getKeyID()).isEqualTo(m.kid());
  }

  @Test
  void kidIsTheRfc7638ThumbprintAsNimbusComputesIt() throws Exception {
    SigningKeyMaterial m = SigningKeyMaterial.generate();
    com.nimbusds.jose.jwk.ECKey nimbus =
        new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, m.publicKey())
            .build();
    assertThat(m.kid()).isEqualTo(nimbus.computeThumbprint().toString());
    assertThat(SigningKeyMaterial.generate().kid()).isNotEqualTo(m.kid());
  }

  @Test
  void pkcs8RoundTripKeepsTheKid() throws Exception {
    SigningKeyMaterial m = SigningKeyMaterial.generate();
    SigningKeyMaterial back = SigningKeyMaterial.fromPkcs8(m.privateKeyPkcs8(), "test");
    assertThat(back.kid()).isEqualTo(m.kid());
    assertThatThrownBy(() -> SigningKeyMaterial.fromPkcs8(new byte[] {1, 2, 3}, "ring row x"))
        .hasMessageContaining("ring row x");
  }
}
