package io.trustee.kbs.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** ACL regexes see the request path only; upstream's anchoring rule is kept. */
class AclRuleTest {
  private final AclRule resourcesOfA = AclRule.of("reader", "^/kbs/v0/resource/a/.*$");

  @Test
  void grantsAMatchingPath() {
    assertThat(resourcesOfA.grants("reader", "/kbs/v0/resource/a/b/c")).isTrue();
    assertThat(resourcesOfA.grants("other", "/kbs/v0/resource/a/b/c")).isFalse();
  }

  @Test
  void aQueryStringCannotSatisfyAPathRule() {
    assertThat(resourcesOfA.grants("reader", "/kbs/v0/resource-policy?x=/kbs/v0/resource/a/b"))
        .isFalse();
    assertThat(resourcesOfA.grants("reader", "/kbs/v0/resource/b/c/d?p=/kbs/v0/resource/a/x"))
        .isFalse();
  }

  @Test
  void aQueryStringDoesNotSpoilAMatchingPath() {
    assertThat(resourcesOfA.grants("reader", "/kbs/v0/resource/a/b/c?tee-pubkey=x")).isTrue();
  }

  @Test
  void aRuleThatNamesAQueryCanNeverMatch() {
    AclRule withQuery = AclRule.of("r", "^/kbs/v0/resource-policy\\?view=text$");
    assertThat(withQuery.grants("r", "/kbs/v0/resource-policy?view=text")).isFalse();
  }

  @Test
  void unanchoredRulesAreRefused() {
    assertThatThrownBy(() -> AclRule.of("r", "/kbs/v0/.*"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pathOnlyCutsAtTheFirstQuestionMark() {
    assertThat(AclRule.pathOnly("/a?b?c")).isEqualTo("/a");
    assertThat(AclRule.pathOnly("/a")).isEqualTo("/a");
  }
}
