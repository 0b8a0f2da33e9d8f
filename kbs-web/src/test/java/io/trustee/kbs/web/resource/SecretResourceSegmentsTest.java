package io.trustee.kbs.web.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The segments handed to the service come from the request URI as sent: a trailing slash or a
 * doubled one shows up as an empty segment (which the service answers with 404) even though the
 * JAX-RS runtime drops the trailing slash from the matched path parameter.
 */
class SecretResourceSegmentsTest {

  @Test
  void aPlainPathHasItsThreeSegments() {
    assertThat(SecretResource.segments("/kbs/v0/resource/a/b/c", "/", "a/b/c"))
        .containsExactly("a", "b", "c");
  }

  @Test
  void aTrailingSlashDroppedByTheRuntimeIsKeptAsAnEmptySegment() {
    // the runtime matched "a/b/c" for ".../a/b/c/"
    assertThat(SecretResource.segments("/kbs/v0/resource/a/b/c/", "/", "a/b/c"))
        .containsExactly("a", "b", "c", "");
  }

  @Test
  void doubledAndLeadingSlashesAreEmptySegments() {
    assertThat(SecretResource.segments("/kbs/v0/resource/a//c", "/", "a/c"))
        .containsExactly("a", "", "c");
    assertThat(SecretResource.segments("/kbs/v0/resource//a/b/c", "/", "a/b/c"))
        .containsExactly("", "a", "b", "c");
  }

  @Test
  void percentEncodingIsLeftAsSent() {
    assertThat(SecretResource.segments("/kbs/v0/resource/a/b%2Fc/d", "/", "a/b%2Fc/d"))
        .isEqualTo(List.of("a", "b%2Fc", "d"));
  }

  @Test
  void aContextRootBeforeTheApplicationIsSkipped() {
    assertThat(SecretResource.segments("/kbs-app/kbs/v0/resource/a/b/c/", "/kbs-app", "a/b/c"))
        .containsExactly("a", "b", "c", "");
    assertThat(SecretResource.segments("/kbs-app/kbs/v0/resource/a/b/c", "/kbs-app/", "a/b/c"))
        .containsExactly("a", "b", "c");
  }

  @Test
  void withoutTheExpectedPrefixTheMatchedParameterIsUsed() {
    assertThat(SecretResource.segments("/elsewhere/a/b/c", "/", "a/b/c"))
        .containsExactly("a", "b", "c");
  }
}
