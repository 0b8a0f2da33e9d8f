package io.trustee.kbs.web.health;

import io.trustee.kbs.web.security.PublicEndpoint;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * {@code GET /health/live|ready|started} on the KBS listener, for orchestrator probes: the
 * application's own MicroProfile Health checks, answered as MP Health does (200 {@code UP}, 503
 * {@code DOWN}) but with names and states only — never the checks' data, which stays on Liberty's
 * {@code /health} of the console listener. Liberty's endpoint is not on this listener because the
 * server's administrative virtual host is bound to the console listener (server-config/server.xml).
 */
@Path("health")
@PublicEndpoint("orchestrator probes; states only, no data")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

  @Inject @Liveness Instance<HealthCheck> liveness;
  @Inject @Readiness Instance<HealthCheck> readiness;
  @Inject @Startup Instance<HealthCheck> startup;

  @GET
  @Path("live")
  public Response live() {
    return answer(liveness).toResponse();
  }

  @GET
  @Path("ready")
  public Response ready() {
    return answer(readiness).toResponse();
  }

  @GET
  @Path("started")
  public Response started() {
    return answer(startup).toResponse();
  }

  /** The overall state and the JSON body, states only. */
  record Answer(boolean up, String body) {
    Response toResponse() {
      return Response.status(up ? 200 : 503)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(body)
          .build();
    }
  }

  static Answer answer(Iterable<HealthCheck> checks) {
    List<String> parts = new ArrayList<>();
    boolean up = true;
    for (HealthCheck c : checks) {
      String name;
      boolean ok;
      try {
        HealthCheckResponse r = c.call();
        name = r.getName();
        ok = r.getStatus() == HealthCheckResponse.Status.UP;
      } catch (RuntimeException e) {
        name = c.getClass().getSimpleName();
        ok = false;
      }
      up &= ok;
      parts.add(
          "{\"name\":\""
              + name.replaceAll("[^A-Za-z0-9_.-]", "_")
              + "\",\"status\":\""
              + (ok ? "UP" : "DOWN")
              + "\"}");
    }
    String body =
        "{\"status\":\""
            + (up ? "UP" : "DOWN")
            + "\",\"checks\":["
            + String.join(",", parts)
            + "]}";
    return new Answer(up, body);
  }
}
