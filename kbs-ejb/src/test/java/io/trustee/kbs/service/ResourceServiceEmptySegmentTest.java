package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A resource path with an empty segment (trailing, leading or doubled slash) names no resource: the
 * service answers 404 {@code InvalidRequestPath} before looking at tokens, policies or the store,
 * for the guest's GET and the administrator's POST and DELETE. (The service is used without its
 * container: nothing it depends on may be reached for such a path.)
 */
class ResourceServiceEmptySegmentTest {
  final ResourceService service = new ResourceService();

  static List<String> split(String path) {
    return List.of(path.split("/", -1));
  }

  static void assertInvalidRequestPath(KbsException e) {
    assertThat(e).isNotNull();
    assertThat(e.error()).isEqualTo(KbsError.InvalidRequestPath);
    assertThat(e.refusal()).isEmpty(); // upstream's answer for the type: 404
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b/c/", "a//c", "a/b//c", "/a/b/c", "a/b/c//", ""})
  void guestGetIs404(String path) {
    KbsException e =
        catchThrowableOfType(
            KbsException.class,
            () ->
                service.fetch(
                    new ResourceRequest(
                        split(path), Map.of(), Optional.of("session"), Optional.of("Bearer x"))));
    assertInvalidRequestPath(e);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b/c/", "a//c", "/a/b/c"})
  void adminStoreAndDeleteAre404(String path) {
    assertInvalidRequestPath(
        catchThrowableOfType(KbsException.class, () -> service.store(split(path), new byte[] {1})));
    assertInvalidRequestPath(
        catchThrowableOfType(KbsException.class, () -> service.delete(split(path))));
  }

  @Test
  void onlyEmptySegmentsAreCaught() {
    assertThat(ResourceService.hasEmptySegment(List.of("a", "b", "c"))).isFalse();
    assertThat(ResourceService.hasEmptySegment(List.of("a", "b", "c", ""))).isTrue();
    assertThat(ResourceService.hasEmptySegment(List.of())).isTrue();
  }
}
