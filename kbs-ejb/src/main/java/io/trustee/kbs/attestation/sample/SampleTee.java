package io.trustee.kbs.attestation.sample;

import static io.trustee.kbs.attestation.spi.ClaimMapping.equal;
import static io.trustee.kbs.attestation.spi.ClaimMapping.measurement;
import static io.trustee.kbs.attestation.spi.ClaimMapping.member;

import io.trustee.kbs.attestation.spi.ClaimComparison;
import io.trustee.kbs.attestation.spi.ClaimMapping;
import io.trustee.kbs.attestation.spi.EvidenceScheme;
import io.trustee.kbs.attestation.spi.EvidenceVerifierFactory;
import io.trustee.kbs.attestation.spi.VerifierOffer;
import io.trustee.kbs.attestation.spi.VerifierSettings;
import java.util.List;
import java.util.logging.Logger;

/**
 * The {@code sample} TEE: reference values {@code launch_digest}, {@code svn}, {@code
 * major_version} ({@code ==}) and {@code minimum_minor_version} ({@code >=}) of the upstream
 * default policy, and the {@link SampleVerifier}, offered only when {@code
 * kbs.tee.sample.enabled=true} (it proves nothing and every call of it is stored as an appraisal;
 * the KBS default resource policy also refuses its guests).
 */
public final class SampleTee implements EvidenceVerifierFactory {
  private static final Logger LOG = Logger.getLogger(SampleTee.class.getName());

  /** {@code sample}. */
  public static final String NAME = SampleVerifier.SCHEME.name();

  private static final List<ClaimMapping> MAPPINGS =
      List.of(
          measurement("launch_digest", "launch_digest"),
          member("svn", "svn"),
          equal("major_version", "platform_version.major"),
          new ClaimMapping(
              "minimum_minor_version", "platform_version.minor", ClaimComparison.AT_LEAST, false));

  @Override
  public EvidenceScheme scheme() {
    return SampleVerifier.SCHEME;
  }

  @Override
  public List<ClaimMapping> claimMappings() {
    return MAPPINGS;
  }

  @Override
  public VerifierOffer create(VerifierSettings settings) {
    if (!settings.sampleTeeEnabled()) {
      return VerifierOffer.none();
    }
    LOG.warning(
        "kbs.tee.sample.enabled=true: the sample TEE (no security; development and "
            + "tests only) is accepted");
    return VerifierOffer.of(new SampleVerifier());
  }
}
