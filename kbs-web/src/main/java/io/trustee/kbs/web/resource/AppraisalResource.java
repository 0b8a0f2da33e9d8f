package io.trustee.kbs.web.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.audit.AuditActions;
import io.trustee.kbs.service.AppraisalAdminService;
import io.trustee.kbs.web.audit.Audited;
import jakarta.ejb.EJB;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * "Why denied" for administrators (not upstream): {@code GET /kbs/v0/appraisal?session=…} or {@code
 * ?since=<instant>&limit=N} lists full appraisal records (every claim compared with the registered
 * reference values); {@code GET /kbs/v0/appraisal/{id}} one record; {@code GET
 * /kbs/v0/appraisal/{id}/promotion} the reference values promoting it would store; {@code POST} to
 * the same path stores them (only those named by repeated {@code ?name=snp_pcr11} when given).
 */
@Path("kbs/v0/appraisal")
public class AppraisalResource {

  @EJB AppraisalAdminService appraisals;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public JsonNode list(
      @QueryParam("session") String session,
      @QueryParam("since") String since,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    return appraisals.records(session, since, limit);
  }

  /**
   * Attestations of the last hour ({@code ?window=1h}, the default), day ({@code 24h}) or an
   * ISO-8601 duration up to seven days, by outcome per time bucket, with the most frequent failed
   * claims and refused checks (not upstream; the console's overview).
   */
  @GET
  @Path("summary")
  @Produces(MediaType.APPLICATION_JSON)
  public JsonNode summary(@QueryParam("window") String window) {
    return appraisals.summary(window);
  }

  @GET
  @Path("{id: [0-9]+}")
  @Produces(MediaType.APPLICATION_JSON)
  public JsonNode one(@PathParam("id") long id) {
    return appraisals.record(id);
  }

  @GET
  @Path("{id: [0-9]+}/promotion")
  @Produces(MediaType.APPLICATION_JSON)
  public JsonNode proposal(@PathParam("id") long id) {
    return appraisals.proposal(id);
  }

  @POST
  @Path("{id: [0-9]+}/promotion")
  @Audited(value = AuditActions.RV_PROMOTE, target = "appraisal/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public List<String> promote(@PathParam("id") long id, @QueryParam("name") List<String> names) {
    return appraisals.promote(id, names == null ? List.of() : names);
  }
}
