package io.trustee.kbs.web.resource;

import io.trustee.kbs.web.security.PublicEndpoint;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** {@code GET /healthz}: 200 with an empty body while the application runs (upstream probe). */
@Path("healthz")
@PublicEndpoint("liveness probe of orchestrators, empty body")
public class HealthzResource {
  @GET
  public Response healthz() {
    return Response.ok().build();
  }
}
