package io.trustee.kbs.service;

import io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmVerifier;
import io.trustee.kbs.attestation.sample.SampleVerifier;
import io.trustee.kbs.attestation.snp.AmdRootStore;
import io.trustee.kbs.attestation.spi.EvidenceVerifier;
import io.trustee.kbs.attestation.spi.EvidenceVerifierRegistry;
import io.trustee.kbs.runtime.KbsSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Builds the verifier registry once: {@code sample} always (the KBS default resource policy
 * refuses its guests) and {@code az-snp-vtpm} (alias {@code azsnpvtpm}) with the AMD root
 * certificates of {@code kbs.amd.certs-dir}. Without that directory the az-snp-vtpm verifier is
 * not offered and a warning says so; with unpinned roots allowed, a warning is logged at every
 * start and shown by the readiness check.
 */
@ApplicationScoped
public class VerifierProducer {
  private static final Logger LOG = Logger.getLogger(VerifierProducer.class.getName());

  @Inject KbsSettings settings;

  private volatile EvidenceVerifierRegistry registry;
  private volatile boolean unpinnedRoots;
  private volatile Optional<String> amdProblem = Optional.empty();

  @Produces
  public EvidenceVerifierRegistry registry() {
    EvidenceVerifierRegistry r = registry;
    if (r == null) {
      synchronized (this) {
        if (registry == null) {
          registry = build();
        }
        r = registry;
      }
    }
    return r;
  }

  private EvidenceVerifierRegistry build() {
    List<EvidenceVerifier> verifiers = new ArrayList<>();
    verifiers.add(new SampleVerifier());
    Path dir = settings.amdCertsDir();
    boolean allowUnpinned = settings.amdAllowUnpinnedRoots();
    if (Files.isDirectory(dir)) {
      try {
        AmdRootStore roots = AmdRootStore.load(dir, allowUnpinned);
        AzSnpVtpmVerifier v = new AzSnpVtpmVerifier(roots);
        verifiers.add(v);
        unpinnedRoots = allowUnpinned;
        LOG.info(() -> "az-snp-vtpm verifier: AMD chains from " + dir + " for " + roots.generations());
      } catch (Exception e) {
        amdProblem = Optional.of("AMD certificates in " + dir + " unusable: " + e.getMessage());
        LOG.severe(() -> "kbs.amd.certs-dir: " + amdProblem.get()
            + "; az-snp-vtpm attestation is unavailable");
      }
    } else {
      amdProblem = Optional.of("kbs.amd.certs-dir " + dir + " does not exist");
      LOG.warning(() -> amdProblem.get() + ": az-snp-vtpm attestation is unavailable until the "
          + "AMD certificate chains are installed there (see README)");
    }
    if (allowUnpinned) {
      LOG.warning("INSECURE: kbs.amd.allow-unpinned-roots=true: AMD root keys that are not the "
          + "official ones are accepted. For tests and labs only.");
    }
    return new EvidenceVerifierRegistry(verifiers);
  }

  /** Whether the az-snp-vtpm verifier accepts unpinned AMD roots (readiness warning). */
  public boolean unpinnedRoots() {
    registry();
    return unpinnedRoots;
  }

  /** Why az-snp-vtpm is unavailable, if it is. */
  public Optional<String> amdProblem() {
    registry();
    return amdProblem;
  }
}
