package io.trustee.kbs.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourcePathTest {
  @Test
  void acceptsTypicalPathsAndPrintsStorageKey() {
    ResourcePath p = ResourcePath.parse("default/security-policy/osc");
    assertThat(p.toString()).isEqualTo("default/security-policy/osc");
    assertThat(p.toKbsUri()).isEqualTo("kbs:///default/security-policy/osc");
    assertThat(new ResourcePath("_a", "-b", "c.d.e").toString()).isEqualTo("_a/-b/c.d.e");
  }

  @Test
  void rejectsDotDotSegment() {
    assertThatThrownBy(() -> ResourcePath.parse("default/../key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'..'");
  }

  @Test
  void rejectsDotSegment() {
    assertThatThrownBy(() -> new ResourcePath(".", "a", "b")).hasMessageContaining("'.'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a/b",
        "a/b/c/d",
        "/a/b",
        "a//b",
        "a/b/",
        "%2e%2e/b/c",
        "a%2fb/c/d",
        "a/b/.hidden",
        "a/b/c d",
        "a\\b/c/d",
        "a/b/c\u0000",
        "a/b/ü",
        ""
      })
  void rejectsInvalidOrEncodedForms(String path) {
    assertThatThrownBy(() -> ResourcePath.parse(path)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsOverlongSegment() {
    assertThatThrownBy(() -> new ResourcePath("a".repeat(256), "b", "c"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void valueEquality() {
    assertThat(ResourcePath.parse("a/b/c")).isEqualTo(new ResourcePath("a", "b", "c"));
  }
}
