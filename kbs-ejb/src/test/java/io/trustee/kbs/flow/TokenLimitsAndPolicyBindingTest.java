package io.trustee.kbs.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.as.AttestationRequest;
import io.trustee.kbs.as.AttestationService;
import io.trustee.kbs.as.DefaultPolicies;
import io.trustee.kbs.as.EarConfig;
import io.trustee.kbs.as.ExpectedInitData;
import io.trustee.kbs.as.InMemoryPolicyRepository;
import io.trustee.kbs.as.RuntimeData;
import io.trustee.kbs.as.VerificationRequest;
import io.trustee.kbs.attestation.sample.SampleVerifier;
import io.trustee.kbs.attestation.spi.EvidenceVerifierRegistry;
import io.trustee.kbs.policy.RegoAttestationPolicyEngine;
import io.trustee.kbs.protocol.ProtocolException;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.rvps.InMemoryReferenceValueRepository;
import io.trustee.kbs.rvps.ProvenanceVerifier;
import io.trustee.kbs.rvps.ReferenceValueService;
import io.trustee.kbs.token.AttestationTokenVerifier;
import io.trustee.kbs.token.CompactJws;
import io.trustee.kbs.token.EarTokenSigner;
import io.trustee.kbs.token.ResourceTokenRules;
import io.trustee.kbs.token.SigningKeyMaterial;
import io.trustee.kbs.token.TokenVerificationException;
import io.trustee.kbs.token.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token rules across the real pieces (sample verifier, Rego policies, EAR signer, verifier):
 * only tokens appraised by a trusted policy and issued by the RCAR path open secrets, and a token
 * minted with init-data at the configured bound still fits what the resource endpoint parses.
 */
class TokenLimitsAndPolicyBindingTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final byte[] CHALLENGE = "challenge".getBytes(StandardCharsets.US_ASCII);
  private static final String AS_API_ISSUER = EarConfig.DEFAULTS.issuer() + "/as";

  private final InMemoryPolicyRepository policies = new InMemoryPolicyRepository();
  private final SigningKeyMaterial key = SigningKeyMaterial.generate();
  private final EarTokenSigner signer = new EarTokenSigner(key);
  private final AttestationTokenVerifier verifier =
      new AttestationTokenVerifier(
          List.of(), List.of(), false, Optional.of(key.publicKey()), CLOCK);
  private final ResourceTokenRules rules =
      new ResourceTokenRules(Set.of("default"), EarConfig.DEFAULTS.issuer(), AS_API_ISSUER, false);

  @BeforeEach
  void policies() {
    DefaultPolicies.installDefaultsIfAbsent(policies);
    // A policy that affirms anything: what a guest would pick through the AS API.
    policies.store(
        "lax_cpu",
        "package policy\ntrust_claims := {\"hardware\": 2, \"executables\": 3, "
            + "\"configuration\": 2}\n");
  }

  private AttestationService service(String issuer) {
    EarConfig ear =
        new EarConfig(
            5,
            issuer,
            EarConfig.DEFAULTS.developer(),
            EarConfig.DEFAULTS.build(),
            EarConfig.DEFAULTS.profile(),
            true);
    return new AttestationService(
        new EvidenceVerifierRegistry(List.of(new SampleVerifier())),
        policies,
        new RegoAttestationPolicyEngine(),
        new ReferenceValueService(
            new InMemoryReferenceValueRepository(), ProvenanceVerifier.unsignedAllowed(), CLOCK),
        ear,
        CLOCK);
  }

  private String token(String issuer, String policyId, Optional<ExpectedInitData> init)
      throws Exception {
    JsonNode evidence =
        M.createObjectNode()
            .put("svn", "1")
            .put("report_data", Base64.getEncoder().encodeToString(CHALLENGE));
    VerificationRequest r =
        new VerificationRequest(
            "sample", evidence, Optional.of(new RuntimeData.Raw(CHALLENGE)), init, null);
    ObjectNode payload =
        service(issuer)
            .evaluate(new AttestationRequest(List.of(r), List.of(policyId)))
            .earPayload();
    return signer.sign(payload);
  }

  private void accept(String token) throws TokenVerificationException {
    VerifiedToken v = verifier.verifyToken(token);
    rules.check(v);
  }

  @Test
  void rcarTokenUnderTheDefaultPolicyOpensSecrets() throws Exception {
    accept(token(EarConfig.DEFAULTS.issuer(), "default", Optional.empty()));
  }

  @Test
  void tokenAppraisedByALaxPolicyIsRefusedThoughItsSignatureIsOurs() throws Exception {
    String lax = token(EarConfig.DEFAULTS.issuer(), "lax", Optional.empty());
    assertThat(verifier.verify(lax).at("/submods/cpu0/ear.status").asText()).isEqualTo("affirming");
    assertThatThrownBy(() -> accept(lax))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessageContaining("'lax'");
  }

  @Test
  void asApiTokenIsRefusedEvenUnderTheDefaultPolicy() throws Exception {
    String asApi = token(AS_API_ISSUER, "default", Optional.empty());
    assertThatThrownBy(() -> accept(asApi))
        .isInstanceOf(TokenVerificationException.class)
        .extracting(e -> ((TokenVerificationException) e).reason())
        .isEqualTo("untrusted issuer");
  }

  /**
   * Init-data of exactly {@code bytes} UTF-8 bytes shaped like a real one: an agent policy in a
   * multi-line literal string (Rego lines, newlines that JSON escapes).
   */
  static String initData(int bytes) {
    String head = "version = \"0.1.0\"\nalgorithm = \"sha384\"\n[data]\n\"policy.rego\" = '''\n";
    String tail = "'''\n";
    String line =
        "    input.containers[_].OCI.Annotations[\"io.kubernetes.cri.image-name\"] == \"x\"\n";
    StringBuilder b = new StringBuilder(head);
    while (b.length() + line.length() + tail.length() <= bytes) {
      b.append(line);
    }
    while (b.length() + tail.length() < bytes) {
      b.append('#');
    }
    String text = b.append(tail).toString();
    assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
    return text;
  }

  @Test
  void initDataBoundIsCheckedInBytes() throws Exception {
    io.trustee.kbs.protocol.InitData exact =
        new io.trustee.kbs.protocol.InitData("toml", initData(65536));
    exact.requireWithin(65536);
    assertThatThrownBy(() -> exact.requireWithin(65535))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("init-data.body")
        .hasMessageContaining("65536 bytes")
        .hasMessageContaining("kbs.attest.max-init-data-bytes");
    // "é" is one char but two UTF-8 bytes: the bound counts what the guest sent.
    io.trustee.kbs.protocol.InitData accented = new io.trustee.kbs.protocol.InitData("toml", "é");
    assertThat(accented.bodyBytes()).isEqualTo(2);
    assertThatThrownBy(() -> accented.requireWithin(1)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void tokenWithInitDataAtTheHighestAllowedBoundStillOpensSecrets() throws Exception {
    int bound = KbsSettings.MAX_INIT_DATA_BYTES_LIMIT;
    String text = initData(bound);
    new io.trustee.kbs.protocol.InitData("toml", text).requireWithin(bound);
    String token =
        token(EarConfig.DEFAULTS.issuer(), "default", Optional.of(new ExpectedInitData.Toml(text)));
    assertThat(
            verifier
                .verify(token)
                .at("/submods/cpu0/ear.veraison.annotated-evidence/init_data_claims/policy.rego")
                .asText())
        .hasSizeGreaterThan(bound - 100);
    // Room is left for the claims of real evidence (an az-snp-vtpm report and PCRs, a few KiB).
    assertThat(token.length()).isLessThan(CompactJws.MAX_LENGTH - 32 * 1024);
    accept(token);
  }

  @Test
  void verifierLimitIsExactlyMaxLength() throws Exception {
    String small = signer.sign(M.createObjectNode().put("exp", NOW.getEpochSecond() + 300));
    String[] p = small.split("\\.");
    // Pad the signature part (the parser does not check its length) to hit the limit exactly.
    int pad = CompactJws.MAX_LENGTH - small.length();
    String exact = p[0] + "." + p[1] + "." + p[2] + "A".repeat(pad);
    assertThat(exact).hasSize(CompactJws.MAX_LENGTH);
    assertThat(CompactJws.parse(exact).alg()).isEqualTo("ES256");
    assertThatThrownBy(() -> CompactJws.parse(exact + "A"))
        .isInstanceOf(TokenVerificationException.class)
        .hasMessageContaining("oversized");
  }
}
