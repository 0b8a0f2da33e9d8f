package io.trustee.kbs.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the application answers and the JVM is not out of memory headroom (less than 2 % of
 * the maximum heap free after the last collection would make a restart the better choice).
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    long max = rt.maxMemory();
    boolean ok = max - used > max / 50;
    return HealthCheckResponse.named("kbs-live")
        .withData("heap-used-bytes", used)
        .withData("heap-max-bytes", max)
        .status(ok)
        .build();
  }
}
