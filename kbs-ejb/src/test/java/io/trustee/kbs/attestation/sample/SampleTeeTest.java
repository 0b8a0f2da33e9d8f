package io.trustee.kbs.attestation.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.attestation.spi.VerifierOffer;
import io.trustee.kbs.attestation.spi.VerifierSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SampleTeeTest {
  static VerifierSettings settings(boolean sampleEnabled) {
    return new VerifierSettings(sampleEnabled, Path.of("/nonexistent"), false);
  }

  @Test
  void offersTheSampleVerifierOnlyWhenEnabled() {
    VerifierOffer on = new SampleTee().create(settings(true));
    assertThat(on.verifier()).get().isInstanceOf(SampleVerifier.class);
    VerifierOffer off = new SampleTee().create(settings(false));
    assertThat(off.verifier()).isEmpty();
    assertThat(off.unavailable()).as("disabled on purpose: no readiness warning").isEmpty();
  }

  @Test
  void declaresTheUpstreamSampleReferenceValues() {
    assertThat(new SampleTee().scheme()).isEqualTo(new SampleVerifier().scheme());
    assertThat(new SampleTee().claimMappings())
        .extracting(m -> m.referenceValue())
        .containsExactly("launch_digest", "svn", "major_version", "minimum_minor_version");
  }
}
