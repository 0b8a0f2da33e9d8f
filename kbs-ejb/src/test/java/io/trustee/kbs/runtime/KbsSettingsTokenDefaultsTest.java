package io.trustee.kbs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Defaults and parsing of the token-hardening settings. */
class KbsSettingsTokenDefaultsTest {

  private static KbsSettings settings(Map<String, String> values) {
    return TestSettings.of(values);
  }

  @Test
  void defaults() {
    KbsSettings s = settings(Map.of());
    assertThat(s.allowRsa15()).isTrue();
    assertThat(s.trustedPolicyIds()).containsExactly("default");
    assertThat(s.asApiIssuer()).isEqualTo("CoCo-Attestation-Service/as");
    assertThat(s.tokenIssuer()).isEqualTo("CoCo-Attestation-Service");
    assertThat(s.tokenCertUrl()).isEmpty();
    assertThat(s.kekPreviousBase64()).isEmpty();
    assertThat(s.publicBaseUrl()).isEmpty();
    assertThat(s.acceptAsApiTokens()).isFalse();
    assertThat(s.adminMaxTokenLifetime()).isEqualTo(Duration.ofHours(24));
    assertThat(s.adminAllowTokensWithoutExp()).isFalse();
    assertThat(s.maxInitDataBytes()).isEqualTo(64 * 1024);
  }

  @Test
  void overrides() {
    KbsSettings s =
        settings(
            Map.of(
                "kbs.resource.allow-rsa1_5", "false",
                "kbs.resource.trusted-policy-ids", "default, strict,default",
                "kbs.admin.max-token-lifetime", "PT1H",
                "kbs.attest.max-init-data-bytes",
                    String.valueOf(KbsSettings.MAX_INIT_DATA_BYTES_LIMIT)));
    assertThat(s.allowRsa15()).isFalse();
    assertThat(s.trustedPolicyIds()).isEqualTo(Set.of("default", "strict"));
    assertThat(s.adminMaxTokenLifetime()).isEqualTo(Duration.ofHours(1));
    assertThat(s.maxInitDataBytes()).isEqualTo(KbsSettings.MAX_INIT_DATA_BYTES_LIMIT);
  }

  @Test
  void initDataBoundAboveWhatATokenCanCarryIsRefused() {
    KbsSettings s =
        settings(
            Map.of(
                "kbs.attest.max-init-data-bytes",
                String.valueOf(KbsSettings.MAX_INIT_DATA_BYTES_LIMIT + 1)));
    assertThatThrownBy(s::maxInitDataBytes)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kbs.attest.max-init-data-bytes");
  }

  @Test
  void tokenIssuerAndKekListsAndPublicUrl() {
    KbsSettings s =
        settings(
            Map.of(
                "kbs.token.issuer", "https://kbs.example.com",
                "kbs.kek.previous", " a , b,,",
                "kbs.public.base-url", "https://kbs.example.com/"));
    assertThat(s.tokenIssuer()).isEqualTo("https://kbs.example.com");
    assertThat(s.asApiIssuer()).isEqualTo("https://kbs.example.com/as");
    assertThat(s.kekPreviousBase64()).containsExactly("a", "b");
    assertThat(s.publicBaseUrl()).contains(java.net.URI.create("https://kbs.example.com/"));
    assertThatThrownBy(() -> settings(Map.of("kbs.public.base-url", "kbs/")).publicBaseUrl())
        .hasMessageContaining("kbs.public.base-url");
  }
}
