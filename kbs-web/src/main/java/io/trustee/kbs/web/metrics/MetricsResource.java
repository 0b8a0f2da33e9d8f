package io.trustee.kbs.web.metrics;

import io.trustee.kbs.web.security.AdminUnless;
import io.trustee.kbs.web.security.OpenSwitch;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * {@code GET /metrics} on the KBS listener: the MicroProfile Metrics registries (base, vendor,
 * application) in the Prometheus text format. Served by the KBS application rather than Liberty's
 * mpMetrics endpoint because that one lives on the server's administrative virtual host (the
 * console listener, see server-config/server.xml) and knows only Liberty users, not KBS admin
 * tokens. Needs admin credentials unless {@code kbs.metrics.public=true} (upstream's {@code
 * require_admin_auth_metrics}, with the default inverted).
 */
@Path("metrics")
@AdminUnless(OpenSwitch.METRICS_PUBLIC)
public class MetricsResource {

  @Inject
  @RegistryScope(scope = MetricRegistry.BASE_SCOPE)
  MetricRegistry base;

  @Inject
  @RegistryScope(scope = MetricRegistry.VENDOR_SCOPE)
  MetricRegistry vendor;

  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry application;

  @GET
  @Produces("text/plain; version=0.0.4; charset=utf-8")
  public String metrics() {
    Map<String, MetricRegistry> scopes = new LinkedHashMap<>();
    scopes.put(MetricRegistry.BASE_SCOPE, base);
    scopes.put(MetricRegistry.VENDOR_SCOPE, vendor);
    scopes.put(MetricRegistry.APPLICATION_SCOPE, application);
    return PrometheusText.render(scopes);
  }
}
