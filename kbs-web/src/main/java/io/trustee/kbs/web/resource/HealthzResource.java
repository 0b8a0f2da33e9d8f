package io.trustee.kbs.web.resource;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** {@code GET /healthz}: 200 with an empty body while the application runs (upstream probe). */
@Path("healthz")
public class HealthzResource {
  @GET
  public Response healthz() {
    return Response.ok().build();
  }
}
