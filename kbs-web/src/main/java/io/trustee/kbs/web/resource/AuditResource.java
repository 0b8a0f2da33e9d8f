package io.trustee.kbs.web.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.audit.AuditEvent;
import io.trustee.kbs.audit.AuditExportFile;
import io.trustee.kbs.service.AuditTrail;
import jakarta.ejb.EJB;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The audit trail, for administrators (not upstream): {@code GET /kbs/v0/audit?since=&actor=
 * &action=&request_id=&limit=} lists events newest first; {@code GET /kbs/v0/audit/verify} re-walks
 * the hash chain from the purge anchor and names the first broken link; {@code GET
 * /kbs/v0/audit/export?after=N} streams every event after sequence number N as JSON lines.
 */
@Path("kbs/v0/audit")
public class AuditResource {
  /** The media type of JSON lines. */
  public static final String NDJSON = "application/x-ndjson";

  @EJB AuditTrail audit;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public JsonNode list(
      @QueryParam("since") String since,
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("request_id") String requestId,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    return audit.list(
        Optional.ofNullable(since),
        Optional.ofNullable(actor),
        Optional.ofNullable(action),
        Optional.ofNullable(requestId),
        limit);
  }

  @GET
  @Path("verify")
  @Produces(MediaType.APPLICATION_JSON)
  public JsonNode verify() {
    return audit.verify();
  }

  /** Page by page (each page its own transaction), so an export of any size holds no lock. */
  @GET
  @Path("export")
  @Produces(NDJSON)
  public StreamingOutput export(@QueryParam("after") @DefaultValue("0") long after) {
    return out -> {
      long last = after;
      while (true) {
        List<AuditEvent> page = audit.page(last, 500);
        if (page.isEmpty()) {
          break;
        }
        out.write(AuditExportFile.lines(page).getBytes(StandardCharsets.UTF_8));
        last = page.get(page.size() - 1).seq();
      }
      out.flush();
    };
  }
}
