package io.trustee.kbs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.broker.ResourceEncryptor;
import io.trustee.kbs.crypto.EcCurves;
import io.trustee.kbs.protocol.ProtocolVersion;
import io.trustee.kbs.protocol.ReportDataBinding;
import io.trustee.kbs.protocol.TeePublicKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Report data (kbs-protocol.md §5) and JWE decryption (§7) against the spec's vectors. */
class ClientCryptoTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  static final String SPEC_NONCE = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  static final String SPEC_X = "csp-iStjBCUEqQ6gcRtpbtJigDytWkoF3w8Smczujvs";
  static final String SPEC_Y = "RKn__BFbx9TB1kvjuNB3b57dObOGrtr8_HqL1nUOgw0";
  static final String SPEC_D = "62cb0e8399741c7bbd7f2aae8f97aebb721636adbbe993cfed58a74db6cd912d";

  /** The spec's recipient P-256 key pair. */
  static TeeKeys specKeys() throws Exception {
    ECParameterSpec p256 = EcCurves.p256();
    KeyFactory kf = KeyFactory.getInstance("EC");
    ECPoint w =
        new ECPoint(
            new BigInteger(1, Base64.getUrlDecoder().decode(SPEC_X)),
            new BigInteger(1, Base64.getUrlDecoder().decode(SPEC_Y)));
    KeyPair pair =
        new KeyPair(
            kf.generatePublic(new ECPublicKeySpec(w, p256)),
            kf.generatePrivate(new ECPrivateKeySpec(new BigInteger(SPEC_D, 16), p256)));
    return TeeKeys.of(pair);
  }

  static ObjectNode specJwe() {
    ObjectNode jwe = JSON.createObjectNode();
    jwe.put(
        "protected",
        "eyJhbGciOiJFQ0RILUVTK0EyNTZLVyIsImVuYyI6IkEyNTZHQ00iLCJlcGsiOnsiY3J2IjoiUC0yNTYiLCJrdHkiOiJFQyIsIngiOiJWR3dNTVBUSWRpTmRUeHRKV2NUY1ZwRW1zbDZWWC1DM1M0RDhmWGsxcXI4IiwieSI6ImVtaF9fMjdmTWpxREh3VkFwOGNmd2JXVjBESEVueTlkQ3RiMkw3M3lWMmsifX0");
    jwe.put("encrypted_key", "iwK2mRuRkbSQyyfRIbP9PPbIlPwDRvLQp2I35gekAwb1FFNJ1ATXWQ");
    jwe.put("iv", "AAECAwQFBgcICQoL");
    jwe.put("ciphertext", "Knv7aKCGsH75bOXuwoYNH-Cz");
    jwe.put("tag", "e21eAWKVl8Ojy_fgsG0_Vg");
    return jwe;
  }

  @Test
  void teeKeysRenderTheSpecJwk() throws Exception {
    TeePublicKey jwk = specKeys().jwk();
    assertThat(jwk).isEqualTo(new TeePublicKey.Ec("P-256", "ECDH-ES+A256KW", SPEC_X, SPEC_Y));
  }

  @Test
  void reportDataMatchesTheWorkedExample() throws Exception {
    byte[] rd = RcarClient.reportData(SPEC_NONCE, specKeys().jwk());
    assertThat(HEX.formatHex(rd))
        .isEqualTo(
            "d90df149f9c01a31864adf395a1d4d74f8974399f713cfc7005ff037ea7e692d"
                + "6525633c5ffcf43b02daea40cd50d306");
  }

  @Test
  void attestationBodyCarriesNonceKeyAndBoundSampleEvidence() throws Exception {
    TeeKeys keys = specKeys();
    ObjectNode body =
        RcarClient.attestationBody(
            new RcarClient.Session("c0ffee", SPEC_NONCE), keys, EvidenceSource.sample());
    assertThat(body.at("/runtime-data/nonce").asText()).isEqualTo(SPEC_NONCE);
    assertThat(body.at("/runtime-data/tee-pubkey/x").asText()).isEqualTo(SPEC_X);
    assertThat(body.at("/tee-evidence/additional_evidence").asText()).isEmpty();
    assertThat(body.at("/tee-evidence/primary_evidence/svn").asText()).isEqualTo("1");
    byte[] bound =
        Base64.getDecoder().decode(body.at("/tee-evidence/primary_evidence/report_data").asText());
    assertThat(HEX.formatHex(bound)).startsWith("d90df149");
    // what the server recomputes from the body it receives
    byte[] recomputed =
        ReportDataBinding.expected(
                ProtocolVersion.V0_4_0,
                SPEC_NONCE,
                TeePublicKey.parse(body.at("/runtime-data/tee-pubkey")),
                "")
            .get(0);
    assertThat(bound).isEqualTo(recomputed);
  }

  @Test
  void decryptsTheSpecVector() throws Exception {
    byte[] plain = JweDecryptor.decrypt(specJwe(), specKeys());
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("my-secret-resource");
  }

  @Test
  void concatKdfMatchesTheSpecKek() {
    byte[] z = HEX.parseHex("b03033c1d871af752f5f22895b34c1b156c118ae47ec8641bc2194c420f6c47c");
    assertThat(HEX.formatHex(JweDecryptor.concatKdf(z, "ECDH-ES+A256KW", 256)))
        .isEqualTo("382172c99d16438f49013bfaab2865b7e8893af9a26db2e571954a4775f6ca96");
  }

  @Test
  void rejectsAFlippedTagByte() throws Exception {
    ObjectNode jwe = specJwe();
    byte[] tag = Base64.getUrlDecoder().decode(jwe.get("tag").asText());
    tag[0] ^= 1;
    jwe.put("tag", Base64.getUrlEncoder().withoutPadding().encodeToString(tag));
    assertThatThrownBy(() -> JweDecryptor.decrypt(jwe, specKeys()))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("authentication tag does not verify");
  }

  @Test
  void rejectsAnAlteredProtectedHeaderBecauseItIsTheAad() throws Exception {
    ObjectNode jwe = specJwe();
    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwe.get("protected").asText()));
    // same members, other order: a different AAD
    ObjectNode reordered = JSON.createObjectNode();
    reordered.set("enc", header.get("enc"));
    reordered.set("alg", header.get("alg"));
    reordered.set("epk", header.get("epk"));
    jwe.put(
        "protected",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(reordered.toString().getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> JweDecryptor.decrypt(jwe, specKeys()))
        .hasMessageContaining("authentication tag does not verify");
  }

  @Test
  void refusesAnAlgorithmOtherThanOurKeys() throws Exception {
    ObjectNode jwe = specJwe();
    jwe.put(
        "protected",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "{\"alg\":\"RSA1_5\",\"enc\":\"A256GCM\"}".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> JweDecryptor.decrypt(jwe, specKeys()))
        .hasMessageContaining("JWE alg 'RSA1_5' does not match our key's ECDH-ES+A256KW");
  }

  @Test
  void refusesAnEpkOffTheCurve() throws Exception {
    ObjectNode jwe = specJwe();
    String header =
        "{\"alg\":\"ECDH-ES+A256KW\",\"enc\":\"A256GCM\",\"epk\":{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
            + SPEC_X
            + "\",\"y\":\""
            + SPEC_X
            + "\"}}";
    jwe.put(
        "protected",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(header.getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> JweDecryptor.decrypt(jwe, specKeys()))
        .hasMessageContaining("epk is not on P-256");
  }

  @Test
  void refusesMissingMembersAndPadding() throws Exception {
    ObjectNode noTag = specJwe();
    noTag.remove("tag");
    assertThatThrownBy(() -> JweDecryptor.decrypt(noTag, specKeys()))
        .hasMessageContaining("'tag' missing");
    ObjectNode padded = specJwe();
    padded.put("iv", "AAECAwQFBgcICQoL==");
    assertThatThrownBy(() -> JweDecryptor.decrypt(padded, specKeys()))
        .hasMessageContaining("'iv' is padded");
  }

  @Test
  void roundTripsWithTheServerEncryptorForEcAndRsa() throws Exception {
    ResourceEncryptor server = new ResourceEncryptor(false);
    byte[] secret = new byte[] {0, 1, 2, (byte) 0xff, 'k', 'e', 'y'};
    for (String type : new String[] {"ec", "rsa"}) {
      TeeKeys keys = TeeKeys.generate(type);
      ObjectNode jwe = server.encrypt(secret, keys.jwk(), ProtocolVersion.V0_4_0);
      assertThat(JweDecryptor.decrypt(jwe, keys)).as(type).isEqualTo(secret);
      // and not with another key of the same type
      assertThatThrownBy(() -> JweDecryptor.decrypt(jwe, TeeKeys.generate(type)))
          .as(type)
          .isInstanceOf(CliException.class);
    }
  }
}
