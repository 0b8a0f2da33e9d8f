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
 * Builds the verifier registry once: {@code sample} only when {@code kbs.tee.sample.enabled=true}
 * (it proves nothing and every call of it is stored as an appraisal; the KBS default resource
 * policy also refuses its guests) and {@code az-snp-vtpm} (alias {@code azsnpvtpm}) with the AMD root
 * certificates of {@code kbs.amd.certs-dir}. Without that directory the az-snp-vtpm verifier is
 * not offered and a warning says so; with unpinned roots allowed, a warning is logged at every
 * start and shown by the readiness check.
 */
@ApplicationScoped
public class VerifierProducer {
  private static final Logger LOG = Logger.getLogger(VerifierProducer.class.getName());

  @Inject KbsSettings settings;

  private static final long RESCAN_MILLIS = 10_000;

  private volatile EvidenceVerifierRegistry registry;
  private volatile boolean unpinnedRoots;
  private volatile Optional<String> amdProblem = Optional.empty();
  private volatile String certsFingerprint = "";
  private volatile long lastScan;

  /**
   * The registry, rebuilt when the files in {@code kbs.amd.certs-dir} change (checked at most every
   * 10 s), so that AMD chains can be installed or rotated without a restart. A rebuild that fails
   * keeps serving without az-snp-vtpm and says why (log and readiness).
   */
  @Produces
  public EvidenceVerifierRegistry registry() {
    long now = System.currentTimeMillis();
    if (registry == null || now - lastScan > RESCAN_MILLIS) {
      synchronized (this) {
        if (registry == null || now - lastScan > RESCAN_MILLIS) {
          lastScan = now;
          String fingerprint = fingerprint(settings.amdCertsDir());
          if (registry == null || !fingerprint.equals(certsFingerprint)) {
            certsFingerprint = fingerprint;
            registry = build();
          }
        }
      }
    }
    return registry;
  }

  /** Names, sizes and modification times of the certificate files (cheap change detection). */
  private static String fingerprint(Path dir) {
    if (!Files.isDirectory(dir)) {
      return "absent";
    }
    StringBuilder sb = new StringBuilder();
    try (java.util.stream.Stream<Path> files = Files.walk(dir, 2)) {
      files.filter(Files::isRegularFile).sorted().forEach(f -> {
        try {
          sb.append(f).append(':').append(Files.size(f)).append(':')
              .append(Files.getLastModifiedTime(f).toMillis()).append(';');
        } catch (java.io.IOException e) {
          sb.append(f).append(":?;");
        }
      });
    } catch (java.io.IOException e) {
      return "unreadable";
    }
    return sb.toString();
  }

  private EvidenceVerifierRegistry build() {
    List<EvidenceVerifier> verifiers = new ArrayList<>();
    if (settings.sampleTeeEnabled()) {
      verifiers.add(new SampleVerifier());
      LOG.warning("kbs.tee.sample.enabled=true: the sample TEE (no security; development and "
          + "tests only) is accepted");
    }
    amdProblem = Optional.empty();
    unpinnedRoots = false;
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

  /** The message of a request for the {@code sample} TEE while it is disabled. */
  public static final String SAMPLE_DISABLED =
      "tee 'sample' is disabled on this server (a development tool without security; set "
          + "kbs.tee.sample.enabled=true to allow it)";

  /** Whether {@code tee} names the sample TEE and it is disabled. */
  public boolean sampleRefused(String tee) {
    return "sample".equals(tee) && !settings.sampleTeeEnabled();
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
