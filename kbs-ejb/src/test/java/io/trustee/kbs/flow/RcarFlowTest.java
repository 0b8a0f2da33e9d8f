package io.trustee.kbs.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import io.trustee.kbs.attestation.sample.SampleVerifier;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceInput;
import io.trustee.kbs.attestation.spi.TeeClaims;
import io.trustee.kbs.broker.ResourceEncryptor;
import io.trustee.kbs.crypto.EcCurves;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.protocol.AttestationBody;
import io.trustee.kbs.protocol.AuthRequest;
import io.trustee.kbs.protocol.Challenge;
import io.trustee.kbs.protocol.ReportDataBinding;
import io.trustee.kbs.protocol.TeePublicKey;
import io.trustee.kbs.resource.KeyEncryptionKey;
import io.trustee.kbs.resource.ResourceCipher;
import io.trustee.kbs.resource.ResourcePath;
import io.trustee.kbs.token.AttestationTokenVerifier;
import io.trustee.kbs.token.EarTokenSigner;
import io.trustee.kbs.token.SigningKeyMaterial;
import io.trustee.kbs.token.TeeKeyLocator;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The whole RCAR flow across this branch's classes, the way the server wires them: /auth → /attest
 * (sample TEE) → EAR token → resource GET with the token → JWE the guest can decrypt.
 */
class RcarFlowTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private static ObjectNode attestBody(String nonce, ECPublicKey teeKey, byte[] reportData) {
    ObjectNode body = M.createObjectNode();
    ObjectNode rd = body.putObject("runtime-data");
    rd.put("nonce", nonce);
    rd.putObject("tee-pubkey")
        .put("kty", "EC")
        .put("crv", "P-256")
        .put("alg", "ECDH-ES+A256KW")
        .put("x", B64URL.encodeToString(EcCurves.unsigned(teeKey.getW().getAffineX(), 32)))
        .put("y", B64URL.encodeToString(EcCurves.unsigned(teeKey.getW().getAffineY(), 32)))
        .put("kid", "ignored-by-binding");
    ObjectNode ev = body.putObject("tee-evidence");
    ev.putObject("primary_evidence")
        .put("svn", "1")
        .put("report_data", Base64.getEncoder().encodeToString(reportData));
    ev.put("additional_evidence", "");
    return body;
  }

  @Test
  void guestGetsItsSecretEndToEnd() throws Exception {
    // /auth
    AuthRequest auth =
        AuthRequest.parse(
            M.readTree("{\"version\":\"0.4.0\",\"tee\":\"sample\",\"extra-params\":\"\"}"));
    Challenge challenge = Challenge.fresh(new SecureRandom());

    // guest side: key pair and report data = SHA-384(JCS(runtime data))
    KeyPair tee = Pem.generateP256();
    ECPublicKey teePub = (ECPublicKey) tee.getPublic();
    ObjectNode draft = attestBody(challenge.nonce().value(), teePub, new byte[48]);
    TeePublicKey parsedKey = TeePublicKey.parse(draft.get("runtime-data").get("tee-pubkey"));
    byte[] reportData =
        ReportDataBinding.expected(auth.version(), challenge.nonce().value(), parsedKey, "").get(0);

    // /attest
    AttestationBody body =
        AttestationBody.parse(
            attestBody(challenge.nonce().value(), teePub, reportData), auth.version());
    body.checkNonce(challenge.nonce());
    List<byte[]> expected =
        ReportDataBinding.expected(
            auth.version(), challenge.nonce().value(), body.teePubkey(), body.additionalEvidence());
    TeeClaims claims =
        new SampleVerifier()
            .verify(new EvidenceInput(body.primaryEvidence(), expected.get(0), null));

    SigningKeyMaterial signer = SigningKeyMaterial.generate();
    long now = Instant.now().getEpochSecond();
    ObjectNode payload = M.createObjectNode().put("iat", now).put("exp", now + 300);
    ObjectNode annotated =
        payload.putObject("submods").putObject("cpu0").putObject("ear.veraison.annotated-evidence");
    annotated.set("sample", claims.claims());
    annotated.set(
        "runtime_data_claims",
        ReportDataBinding.runtimeDataJson(
            auth.version(), challenge.nonce().value(), body.teePubkey(), ""));
    String token = new EarTokenSigner(signer).sign(payload);

    // GET /resource with the token (no [attestation_token] trust material configured)
    AttestationTokenVerifier verifier =
        new AttestationTokenVerifier(
            List.of(), List.of(), false, Optional.of(signer.publicKey()), Clock.systemUTC());
    ObjectNode verified = verifier.verify(token);
    TeePublicKey key = new TeeKeyLocator(List.of()).locate(verified);
    assertThat(key.toJcsJson().has("kid")).isFalse();

    ResourceCipher atRest =
        new ResourceCipher(
            KeyEncryptionKey.fromBase64(
                Base64.getEncoder()
                    .encodeToString(
                        new byte[] {
                          1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                          22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
                        })));
    ResourcePath path = ResourcePath.parse("default/kbsres1/key1");
    byte[] stored = atRest.seal(path, "top secret".getBytes(StandardCharsets.UTF_8));
    ObjectNode jwe =
        new ResourceEncryptor(false).encrypt(atRest.open(path, stored), key, auth.version());

    // guest decrypts
    JWEObject o =
        JWEObject.parse(
            String.join(
                ".",
                jwe.get("protected").asText(),
                jwe.get("encrypted_key").asText(),
                jwe.get("iv").asText(),
                jwe.get("ciphertext").asText(),
                jwe.get("tag").asText()));
    o.decrypt(new ECDHDecrypter((ECPrivateKey) tee.getPrivate()));
    assertThat(o.getPayload().toString()).isEqualTo("top secret");
  }

  @Test
  void evidenceBoundToAnotherKeyIsRejected() throws Exception {
    Challenge challenge = Challenge.fresh(new SecureRandom());
    ECPublicKey real = (ECPublicKey) Pem.generateP256().getPublic();
    ECPublicKey swapped = (ECPublicKey) Pem.generateP256().getPublic();
    ObjectNode forGuest = attestBody(challenge.nonce().value(), real, new byte[48]);
    byte[] rd =
        ReportDataBinding.expected(
                io.trustee.kbs.protocol.ProtocolVersion.V0_4_0,
                challenge.nonce().value(),
                TeePublicKey.parse(forGuest.get("runtime-data").get("tee-pubkey")),
                "")
            .get(0);
    // attacker replays the evidence but substitutes its own key
    AttestationBody body =
        AttestationBody.parse(
            attestBody(challenge.nonce().value(), swapped, rd),
            io.trustee.kbs.protocol.ProtocolVersion.V0_4_0);
    byte[] expected =
        ReportDataBinding.expected(body.version(), challenge.nonce().value(), body.teePubkey(), "")
            .get(0);
    assertThatThrownBy(
            () ->
                new SampleVerifier()
                    .verify(new EvidenceInput(body.primaryEvidence(), expected, null)))
        .isInstanceOf(BadEvidenceException.class);
  }
}
