package io.trustee.kbs.web.resource;

import io.trustee.kbs.audit.AuditActions;
import io.trustee.kbs.service.KekRewrapReport;
import io.trustee.kbs.service.KekRewrapService;
import io.trustee.kbs.service.KekStatus;
import io.trustee.kbs.web.audit.Audited;
import jakarta.ejb.EJB;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Key-encryption-key rotation for administrators (not upstream): {@code GET /kbs/v0/kek} shows the
 * active key id, the ids this replica can open and how many stored values each id seals; {@code
 * POST /kbs/v0/kek/rewrap?batch_size=N} (default 100, at most 1000) re-seals every secret and
 * signing key under the active key, one transaction per batch, and reports the counts.
 */
@Path("kbs/v0/kek")
public class KekResource {

  @EJB KekRewrapService kek;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public KekStatus status() {
    return kek.status();
  }

  @POST
  @Path("rewrap")
  @Audited(value = AuditActions.KEY_REWRAP, target = "kek")
  @Produces(MediaType.APPLICATION_JSON)
  public KekRewrapReport rewrap(@QueryParam("batch_size") @DefaultValue("100") int batchSize) {
    return kek.rewrap(batchSize);
  }
}
