package io.trustee.kbs.as;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.trustee.kbs.attestation.spi.ClaimComparison;
import io.trustee.kbs.rvps.ReferenceValueLookupResult.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the per-image comparisons a policy reports in the rule {@code container_image_checks} into
 * "why denied" checks, one per named image, in place of the single, claim-less check of the
 * reference value {@code container_image_refs} (which alone cannot say which image failed).
 *
 * <p>The rule value is an array of {@code {"image", "repository", "observed_digest",
 * "expected_digests", "result"}} with {@code result} one of {@code matched}, {@code
 * digest_mismatch}, {@code not_registered}, {@code no_digest} or {@code not_checked} (the default
 * policy {@code default_cpu}). Each becomes a {@link ReferenceValueCheck} of {@code
 * container_image_refs} whose claim is {@code container_images["<image>"].digest}, observed value
 * the guest's digest and registered value the digests registered for that repository; its lookup
 * status is that of {@code container_image_refs} in this appraisal (absent → the image is only
 * "missing", expired → failed). Image names are chosen by the guest and are cut to {@link
 * #MAX_IMAGE_CHARS} characters. Stateless and thread-safe.
 */
public final class ContainerImageChecks {
  /** The rule the policy reports the comparisons in. */
  public static final String RULE = "container_image_checks";

  /** The reference value the images are compared with. */
  public static final String REFERENCE_VALUE = "container_image_refs";

  /** Longest image name kept in a claim path. */
  static final int MAX_IMAGE_CHARS = 256;

  private ContainerImageChecks() {}

  /**
   * {@code checks} with the check of {@link #REFERENCE_VALUE} replaced by one check per image of
   * the rule value {@link #RULE}; unchanged when the policy did not report that rule (a policy of
   * its own that queries {@code container_image_refs} keeps the plain check).
   */
  static List<ReferenceValueCheck> apply(
      List<ReferenceValueCheck> checks, Map<String, JsonNode> ruleValues) {
    JsonNode images = ruleValues.get(RULE);
    if (images == null || !images.isArray()) {
      return checks;
    }
    Status status =
        checks.stream()
            .filter(c -> c.referenceValue().equals(REFERENCE_VALUE))
            .map(ReferenceValueCheck::status)
            .findFirst()
            .orElse(Status.ABSENT);
    List<ReferenceValueCheck> out = new ArrayList<>();
    for (ReferenceValueCheck c : checks) {
      if (!c.referenceValue().equals(REFERENCE_VALUE)) {
        out.add(c);
      }
    }
    for (JsonNode image : images) {
      forImage(image, status).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<ReferenceValueCheck> forImage(JsonNode image, Status status) {
    if (!image.path("image").isTextual() || !image.path("result").isTextual()) {
      return Optional.empty();
    }
    String name = StoredAppraisalForm.cut(image.get("image").textValue(), MAX_IMAGE_CHARS);
    String claim = "container_images[" + JsonNodeFactory.instance.textNode(name) + "].digest";
    ClaimPaths.Mapping mapping =
        new ClaimPaths.Mapping(claim, JsonPointer.empty(), ClaimComparison.MEMBER, false);
    JsonNode observedNode = image.path("observed_digest");
    Optional<JsonNode> observed =
        observedNode.isTextual() && !observedNode.textValue().isEmpty()
            ? Optional.of(observedNode)
            : Optional.empty();
    JsonNode expected = image.path("expected_digests");
    Optional<JsonNode> registered =
        status == Status.ABSENT
            ? Optional.empty()
            : Optional.of(expected.isArray() ? expected : JsonNodeFactory.instance.arrayNode());
    boolean matched = status == Status.FOUND && "matched".equals(image.get("result").textValue());
    return Optional.of(
        new ReferenceValueCheck(
            REFERENCE_VALUE, Optional.of(mapping), observed, status, registered, matched, true));
  }
}
