package io.trustee.kbs.web.health;

import io.trustee.kbs.service.HealthService;
import io.trustee.kbs.service.KbsStartup;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the database answers and the keys are loaded. Also reports, without failing, the
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
    startup.warnings().forEach(w -> b.withData("warning-" + w.key(), w.text()));
    return b.status(up && keys).build();
  }
}
