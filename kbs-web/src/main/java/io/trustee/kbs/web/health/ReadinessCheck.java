package io.trustee.kbs.web.health;

import io.trustee.kbs.service.HealthService;
import io.trustee.kbs.service.KbsStartup;
import io.trustee.kbs.service.VerifierProducer;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the database answers, the keys are loaded and, when the operator set az-snp-vtpm up
 * ({@code kbs.amd.certs-dir} configured or present), its verifier can work: DOWN with the reason in
 * {@code az-snp-vtpm} when the chain directory is missing or unreadable or no AMD chain was loaded
 * for any product ({@link VerifierProducer#amdNotReady()}). Also reports, without failing, the
 * switches an operator must know are on (insecure admin API, unpinned AMD roots). Reports no
 * internal counts (the number of sessions would tell anyone how busy the KBS is); its data is shown
 * only on the console listener's {@code /health}, the KBS listener's {@link HealthResource} gives
 * states only. Cheap: one count query, no writes, nothing to close.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @EJB HealthService health;
  @EJB KbsStartup startup;
  @Inject VerifierProducer verifiers;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b = HealthCheckResponse.named("kbs");
    boolean up = true;
    try {
      health.databaseAnswers();
      b.withData("database", "up");
    } catch (RuntimeException e) {
      b.withData("database", "unreachable: " + e.getClass().getSimpleName());
      up = false;
    }
    boolean keys = startup.keysLoaded();
    b.withData("keys-loaded", keys);
    Optional<String> amd = verifiers.amdNotReady();
    if (amd.isPresent()) {
      b.withData("az-snp-vtpm", "DOWN: " + amd.get());
      up = false;
    }
    startup.warnings().stream()
        .filter(w -> amd.isEmpty() || !w.key().equals("az-snp-vtpm"))
        .forEach(w -> b.withData("warning-" + w.key(), w.text()));
    return b.status(up && keys).build();
  }
}
