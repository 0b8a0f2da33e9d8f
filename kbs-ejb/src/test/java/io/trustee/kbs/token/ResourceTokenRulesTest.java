package io.trustee.kbs.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which verified tokens open secrets: appraisal policy ids and issuers. */
class ResourceTokenRulesTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final String KBS = "CoCo-Attestation-Service";
  private static final String AS_API = "CoCo-Attestation-Service/as";
  private static final ResourceTokenRules DEFAULTS =
      new ResourceTokenRules(Set.of("default"), KBS, AS_API, false);

  private static ObjectNode ear(String iss, String... policyIds) {
    ObjectNode o = M.createObjectNode().put("iss", iss).put("exp", 2_000_000_000L);
    ObjectNode subs = o.putObject("submods");
    for (int i = 0; i < policyIds.length; i++) {
      subs.putObject(i == 0 ? "cpu0" : "gpu" + (i - 1))
          .put("ear.status", "affirming")
          .put("ear.appraisal-policy-id", policyIds[i]);
    }
    return o;
  }

  private static String reason(ResourceTokenRules rules, VerifiedToken t) {
    try {
      rules.check(t);
    } catch (TokenVerificationException e) {
      return e.reason() + " / " + e.getMessage();
    }
    throw new AssertionError("expected refusal");
  }

  @Test
  void ownRcarTokenAppraisedByTheDefaultPolicyIsAccepted() {
    assertThatCode(() -> DEFAULTS.check(new VerifiedToken(ear(KBS, "default"), true)))
        .doesNotThrowAnyException();
  }

  @Test
  void tokenAppraisedByAnotherPolicyIsRefusedNamingIt() {
    assertThat(reason(DEFAULTS, new VerifiedToken(ear(KBS, "lax"), true)))
        .startsWith("untrusted policy")
        .contains("'lax'")
        .contains("kbs.resource.trusted-policy-ids");
  }

  @Test
  void everySubmoduleMustBeAppraisedByATrustedPolicy() {
    assertThat(reason(DEFAULTS, new VerifiedToken(ear(KBS, "default", "lax"), true)))
        .startsWith("untrusted policy")
        .contains("gpu0");
  }

  @Test
  void tokensWithoutEarSubmodulesOrPolicyIdAreRefused() {
    ObjectNode noSubmods = M.createObjectNode().put("iss", "ita").put("exp", 2_000_000_000L);
    assertThat(reason(DEFAULTS, new VerifiedToken(noSubmods, false)))
        .startsWith("untrusted policy");
    ObjectNode noId = ear("ext", "default");
    ((ObjectNode) noId.get("submods").get("cpu0")).remove("ear.appraisal-policy-id");
    assertThat(reason(DEFAULTS, new VerifiedToken(noId, false))).startsWith("untrusted policy");
    ObjectNode numericId = ear("ext", "default");
    ((ObjectNode) numericId.get("submods").get("cpu0")).put("ear.appraisal-policy-id", 1);
    assertThat(reason(DEFAULTS, new VerifiedToken(numericId, false)))
        .startsWith("untrusted policy");
  }

  @Test
  void configuredPolicySetIsHonoured() {
    ResourceTokenRules rules =
        new ResourceTokenRules(Set.of("default", "strict"), KBS, AS_API, false);
    assertThatCode(() -> rules.check(new VerifiedToken(ear(KBS, "strict"), true)))
        .doesNotThrowAnyException();
    assertThat(reason(rules, new VerifiedToken(ear(KBS, "lax"), true)))
        .startsWith("untrusted policy");
  }

  @Test
  void asApiTokensAreRefusedEvenUnderTheDefaultPolicy() {
    assertThat(reason(DEFAULTS, new VerifiedToken(ear(AS_API, "default"), true)))
        .startsWith("untrusted issuer")
        .contains("kbs.resource.accept-as-api-tokens");
  }

  @Test
  void acceptedAsApiTokensStillNeedATrustedPolicy() {
    ResourceTokenRules accept = new ResourceTokenRules(Set.of("default"), KBS, AS_API, true);
    assertThatCode(() -> accept.check(new VerifiedToken(ear(AS_API, "default"), true)))
        .doesNotThrowAnyException();
    assertThat(reason(accept, new VerifiedToken(ear(AS_API, "lax"), true)))
        .startsWith("untrusted policy");
  }

  @Test
  void ownKeyWithAnUnexpectedIssuerIsRefused() {
    assertThat(reason(DEFAULTS, new VerifiedToken(ear("someone-else", "default"), true)))
        .startsWith("untrusted issuer");
    ObjectNode noIss = ear(KBS, "default");
    noIss.remove("iss");
    assertThat(reason(DEFAULTS, new VerifiedToken(noIss, true))).startsWith("untrusted issuer");
  }

  @Test
  void foreignTokensKeepUpstreamsIssuerRuleButNeedATrustedPolicy() {
    assertThatCode(() -> DEFAULTS.check(new VerifiedToken(ear("external-as", "default"), false)))
        .doesNotThrowAnyException();
    assertThat(reason(DEFAULTS, new VerifiedToken(ear("external-as", "lax"), false)))
        .startsWith("untrusted policy");
    assertThat(reason(DEFAULTS, new VerifiedToken(ear(AS_API, "default"), false)))
        .startsWith("untrusted issuer");
  }

  @Test
  void wildcardTurnsThePolicyCheckOffButNotTheIssuerCheck() {
    ResourceTokenRules any = new ResourceTokenRules(Set.of("*"), KBS, AS_API, false);
    assertThat(any.anyPolicy()).isTrue();
    ObjectNode ita = M.createObjectNode().put("iss", "ita").put("exp", 2_000_000_000L);
    assertThatCode(() -> any.check(new VerifiedToken(ita, false))).doesNotThrowAnyException();
    assertThat(reason(any, new VerifiedToken(ear(AS_API, "default"), true)))
        .startsWith("untrusted issuer");
  }

  @Test
  void misconfigurationFailsClosed() {
    assertThatThrownBy(() -> new ResourceTokenRules(Set.of(), KBS, AS_API, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kbs.resource.trusted-policy-ids");
    assertThatThrownBy(() -> new ResourceTokenRules(Set.of(" "), KBS, AS_API, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ResourceTokenRules(Set.of("default"), KBS, KBS, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kbs.as-api.issuer");
  }

  @Test
  void verifierReportsWhetherOurOwnKeySigned() throws Exception {
    Instant now = Instant.ofEpochSecond(1_800_000_000L);
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    SigningKeyMaterial ours = SigningKeyMaterial.generate();
    AttestationTokenVerifier v =
        new AttestationTokenVerifier(
            List.of(), List.of(), true, Optional.of(ours.publicKey()), clock);
    ObjectNode claims = ear(KBS, "default").put("exp", now.getEpochSecond() + 300);
    assertThat(v.verifyToken(new EarTokenSigner(ours).sign(claims)).ownKey()).isTrue();
    String foreign = new EarTokenSigner(SigningKeyMaterial.generate()).sign(claims);
    VerifiedToken t = v.verifyToken(foreign);
    assertThat(t.ownKey()).isFalse();
    assertThat(t.claims().toString()).isEqualTo(claims.toString());
  }
}
