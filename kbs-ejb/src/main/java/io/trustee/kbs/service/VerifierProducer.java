package io.trustee.kbs.service;

import io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmTee;
import io.trustee.kbs.attestation.azsnpvtpm.AzSnpVtpmVerifier;
import io.trustee.kbs.attestation.sample.SampleTee;
import io.trustee.kbs.attestation.snp.ProductGeneration;
import io.trustee.kbs.attestation.spi.EvidenceVerifier;
import io.trustee.kbs.attestation.spi.EvidenceVerifierFactory;
import io.trustee.kbs.attestation.spi.EvidenceVerifierRegistry;
import io.trustee.kbs.attestation.spi.TeeRegistry;
import io.trustee.kbs.attestation.spi.VerifierOffer;
import io.trustee.kbs.attestation.spi.VerifierSettings;
import io.trustee.kbs.metrics.KbsMetrics;
import io.trustee.kbs.runtime.KbsSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The TEEs of this server: produces the {@link TeeRegistry} (the factories registered for {@link
 * java.util.ServiceLoader}) and the {@link EvidenceVerifierRegistry} of the verifiers they offer
 * under the current {@link KbsSettings} — {@code sample} only with {@code
 * kbs.tee.sample.enabled=true}, {@code az-snp-vtpm} with the AMD chains of {@code
 * kbs.amd.certs-dir} (see the factories). The verifiers are created when the bean starts and
 * re-created when the files a factory reads change (checked at most every 10 s), so that AMD chains
 * can be installed or rotated without a restart; a re-creation that fails keeps serving without
 * that TEE and says why (log and readiness: a warning, or DOWN when the operator set az-snp-vtpm up
 * and it cannot work, see {@link #amdNotReady(Optional, boolean, boolean)}).
 */
@ApplicationScoped
public class VerifierProducer {
  private static final long RESCAN_MILLIS = 10_000;

  /** The message of a request for the {@code sample} TEE while it is disabled. */
  public static final String SAMPLE_DISABLED =
      "tee 'sample' is disabled on this server (a development tool without security; set "
          + "kbs.tee.sample.enabled=true to allow it)";

  @Inject KbsSettings settings;
  @Inject TeeRegistry tees;
  @Inject Clock clock;
  @Inject KbsMetrics metrics;

  /** The verifiers made from one state of the factories' input files. */
  private record Offers(
      String fingerprint,
      long loadedAt,
      long scannedAt,
      EvidenceVerifierRegistry registry,
      Map<String, String> unavailable,
      boolean unpinnedRoots) {
    Offers rescannedAt(long now) {
      return new Offers(fingerprint, loadedAt, now, registry, unavailable, unpinnedRoots);
    }
  }

  private final AtomicReference<Offers> current = new AtomicReference<>();
  private final ReentrantLock rescan = new ReentrantLock();

  /** The installed TEEs. */
  @Produces
  @Singleton
  static TeeRegistry installedTees() {
    return TeeRegistry.installed();
  }

  @PostConstruct
  void start() {
    VerifierSettings s = verifierSettings();
    current.set(offers(s, fingerprint(s), clock.millis()));
  }

  /**
   * The verifiers on offer now. A request that finds the last check older than 10 s re-reads the
   * input fingerprints (one request at a time; the others keep using the current verifiers).
   */
  @Produces
  public EvidenceVerifierRegistry registry() {
    return refreshed().registry();
  }

  private Offers refreshed() {
    Offers offers = current.get();
    long now = clock.millis();
    if (now - offers.scannedAt() > RESCAN_MILLIS && rescan.tryLock()) {
      try {
        offers = current.get();
        if (now - offers.scannedAt() > RESCAN_MILLIS) {
          VerifierSettings s = verifierSettings();
          String fingerprint = fingerprint(s);
          offers =
              fingerprint.equals(offers.fingerprint())
                  ? offers.rescannedAt(now)
                  : offers(s, fingerprint, now);
          current.set(offers);
        }
      } finally {
        rescan.unlock();
      }
    }
    return offers;
  }

  private VerifierSettings verifierSettings() {
    return new VerifierSettings(
        settings.sampleTeeEnabled(),
        settings.amdCertsDir(),
        settings.amdAllowUnpinnedRoots(),
        settings.azSnpVtpmReportVerdictCache(),
        metrics);
  }

  private String fingerprint(VerifierSettings s) {
    StringBuilder sb = new StringBuilder();
    for (EvidenceVerifierFactory f : tees.factories()) {
      sb.append(f.scheme().name()).append('=').append(f.inputsFingerprint(s)).append('\n');
    }
    return sb.toString();
  }

  private Offers offers(VerifierSettings s, String fingerprint, long now) {
    List<EvidenceVerifier> verifiers = new ArrayList<>();
    Map<String, String> unavailable = new LinkedHashMap<>();
    for (EvidenceVerifierFactory f : tees.factories()) {
      VerifierOffer offer = f.create(s);
      offer.verifier().ifPresent(v -> verifiers.add(checked(f, v)));
      offer.unavailable().ifPresent(why -> unavailable.put(f.scheme().name(), why));
    }
    EvidenceVerifierRegistry registry = new EvidenceVerifierRegistry(verifiers);
    boolean unpinned = s.amdAllowUnpinnedRoots() && registry.forTee(AzSnpVtpmTee.NAME).isPresent();
    return new Offers(fingerprint, now, now, registry, Map.copyOf(unavailable), unpinned);
  }

  private static EvidenceVerifier checked(EvidenceVerifierFactory f, EvidenceVerifier v) {
    if (!v.scheme().equals(f.scheme())) {
      throw new IllegalStateException(
          "factory of " + f.scheme().name() + " made a verifier for " + v.scheme().name());
    }
    return v;
  }

  /**
   * Every installed TEE in registry order with whether its verifier is on offer now, why not, and
   * for az-snp-vtpm the AMD product lines whose chains it loaded ({@code GET /kbs/v0/status}).
   */
  public List<ServerStatusView.Tee> teeStatus() {
    Offers offers = refreshed();
    List<ServerStatusView.Tee> out = new ArrayList<>();
    for (EvidenceVerifierFactory f : tees.factories()) {
      String name = f.scheme().name();
      Optional<EvidenceVerifier> v = offers.registry().forTee(name);
      List<String> products =
          v.filter(AzSnpVtpmVerifier.class::isInstance)
              .map(
                  az ->
                      ((AzSnpVtpmVerifier) az)
                          .chainVerifier().roots().generations().stream()
                              .map(ProductGeneration::displayName)
                              .toList())
              .orElse(name.equals(AzSnpVtpmTee.NAME) ? List.of() : null);
      out.add(
          new ServerStatusView.Tee(
              name,
              v.isPresent(),
              v.isPresent() ? null : offers.unavailable().getOrDefault(name, "not offered"),
              products,
              products == null ? null : Instant.ofEpochMilli(offers.loadedAt()).toString()));
    }
    return out;
  }

  /** Whether {@code tee} names the sample TEE and it is disabled. */
  public boolean sampleRefused(String tee) {
    return SampleTee.NAME.equals(tee) && !settings.sampleTeeEnabled();
  }

  /** Whether the az-snp-vtpm verifier accepts unpinned AMD roots (readiness warning). */
  public boolean unpinnedRoots() {
    return refreshed().unpinnedRoots();
  }

  /** Why az-snp-vtpm is unavailable, if it is. */
  public Optional<String> amdProblem() {
    return Optional.ofNullable(refreshed().unavailable().get(AzSnpVtpmTee.NAME));
  }

  /**
   * Why readiness is DOWN for az-snp-vtpm, if it is ({@link #amdNotReady(Optional, boolean,
   * boolean)} on the current verifiers, {@code kbs.amd.certs-dir} and whether it exists).
   */
  public Optional<String> amdNotReady() {
    Path dir = settings.amdCertsDir();
    return amdNotReady(amdProblem(), settings.amdCertsDirConfigured(), Files.exists(dir));
  }

  /**
   * Readiness of the az-snp-vtpm verifier: DOWN (with {@code problem} as the reason) when it could
   * not be created although the operator set it up — {@code kbs.amd.certs-dir} is configured, or
   * the chain directory exists — that is: the configured directory is missing or unreadable, or no
   * AMD chain was loaded for any product (no chain file, or none usable). Without a configured
   * directory and without the default {@code <data>/amd}, az-snp-vtpm is simply not set up (a
   * development server with the sample TEE): a readiness warning, not DOWN.
   */
  static Optional<String> amdNotReady(
      Optional<String> problem, boolean configured, boolean dirExists) {
    if (problem.isEmpty() || !(configured || dirExists)) {
      return Optional.empty();
    }
    return Optional.of("az-snp-vtpm verifier cannot work: " + problem.get());
  }
}
