package io.trustee.kbs.web.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.audit.AuditActions;
import io.trustee.kbs.service.AppraisalAdminService;
import io.trustee.kbs.service.ReferenceValueAdminService;
import io.trustee.kbs.service.ReferenceValueListing;
import io.trustee.kbs.service.ReferenceValueVersion;
import io.trustee.kbs.web.audit.Audited;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /kbs/v0/reference-value} (kbs-protocol.md §9.4–9.5, rvps.md §4.2): POST registers (an RVPS
 * message or the runbook document), GET {@code /{id}} returns the stored value, GET lists (not
 * upstream), DELETE {@code /{id}} removes (not upstream), GET {@code /{id}/history} shows the
 * recorded versions (not upstream). Ids may contain slashes, so the id is everything after {@code
 * reference-value/}, taken from the raw path.
 */
@Path("kbs/v0/reference-value")
public class ReferenceValueResource {

  @EJB ReferenceValueAdminService referenceValues;
  @EJB AppraisalAdminService appraisals;

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @POST
  @Audited(value = AuditActions.RV_REGISTER, target = "reference-value")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response register(byte[] body) {
    referenceValues.register(body);
    return Response.ok().type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  /**
   * Reference values from a binary TCG event log (body), e.g. {@code
   * /sys/kernel/security/tpm0/binary_bios_measurements}: the replayed PCRs of {@code bank} (default
   * sha256) named {@code <prefix>_pcrNN} (default prefix {@code snp}; empty → {@code pcrNN}).
   * Returned for review; stored too with {@code register=true}.
   */
  @POST
  @Path("from-eventlog")
  @Audited(
      value = AuditActions.RV_REGISTER,
      target = "reference-value/from-eventlog",
      whenQueryTrue = "register")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public JsonNode fromEventLog(
      byte[] log,
      @QueryParam("bank") String bank,
      @QueryParam("prefix") @DefaultValue("snp") String prefix,
      @QueryParam("register") @DefaultValue("false") boolean register) {
    return appraisals.fromEventLog(log, bank, prefix, register);
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<ReferenceValueListing> list() {
    return referenceValues.list();
  }

  /**
   * The recorded versions of a value, newest first (not upstream). A name that itself ends in
   * {@code /history} is reached by this method, not by {@link #query}: its value is the first entry
   * of {@code …/history/history}.
   */
  @GET
  @Path("{id: .+}/history")
  @Produces(MediaType.APPLICATION_JSON)
  public List<ReferenceValueVersion> history(@Encoded @PathParam("id") String id) {
    return referenceValues.history(decode(id));
  }

  @GET
  @Path("{id: .+}")
  @Produces(MediaType.APPLICATION_JSON)
  public JsonNode query(@Encoded @PathParam("id") String id) {
    return referenceValues.query(decode(id));
  }

  @DELETE
  @Path("{id: .+}")
  @Audited(value = AuditActions.RV_DELETE, target = "{id}")
  public Response delete(@Encoded @PathParam("id") String id) {
    referenceValues.delete(decode(id));
    return Response.ok().build();
  }
}
