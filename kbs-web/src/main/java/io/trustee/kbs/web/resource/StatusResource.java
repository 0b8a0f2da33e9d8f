package io.trustee.kbs.web.resource;

import io.trustee.kbs.service.ServerStatusService;
import io.trustee.kbs.service.ServerStatusView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /kbs/v0/status} (not upstream), for administrators: the TEEs on offer, the AMD product
 * lines whose chains az-snp-vtpm loaded and the readiness warnings ({@link ServerStatusView}),
 * which the KBS listener's {@code /health/ready} does not show. Used by {@code kbs-client doctor}.
 * A read: not audited.
 */
@Path("kbs/v0/status")
public class StatusResource {

  @Inject ServerStatusService status;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public ServerStatusView status() {
    return status.status();
  }
}
