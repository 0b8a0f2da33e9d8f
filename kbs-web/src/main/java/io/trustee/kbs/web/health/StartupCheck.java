package io.trustee.kbs.web.health;

import io.trustee.kbs.service.KbsStartup;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the start-up work (keys, imports, default policies) has completed. */
@Startup
@ApplicationScoped
public class StartupCheck implements HealthCheck {

  @EJB KbsStartup startup;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("kbs-started").status(startup.started()).build();
  }
}
