package io.trustee.kbs.web.metrics;

import io.trustee.kbs.metrics.KbsMetrics;
import io.trustee.kbs.service.MetricsScrape;
import io.trustee.kbs.web.security.AdminUnless;
import io.trustee.kbs.web.security.OpenSwitch;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /metrics} on the KBS listener: the KBS's metrics ({@link KbsMetrics}: upstream's
 * names, ours and the JVM's) in the Prometheus text format, written by the Prometheus Java client.
 * Served by the KBS application rather than Liberty's mpMetrics endpoint because that one lives on
 * the server's administrative virtual host (the console listener, see server-config/server.xml) and
 * knows only Liberty users, not KBS admin tokens. Needs admin credentials unless {@code
 * kbs.metrics.public=true} (upstream's {@code require_admin_auth_metrics}, with the default
 * inverted). Not itself counted in the request metrics ({@link HttpMetricsFilter} sees only {@code
 * /kbs/*}).
 */
@Path("metrics")
@AdminUnless(OpenSwitch.METRICS_PUBLIC)
public class MetricsResource {

  @EJB MetricsScrape scrape;

  @GET
  public Response metrics() {
    return Response.ok(scrape.text(), KbsMetrics.CONTENT_TYPE).build();
  }
}
