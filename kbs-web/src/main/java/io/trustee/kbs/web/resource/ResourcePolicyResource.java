package io.trustee.kbs.web.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.audit.AuditActions;
import io.trustee.kbs.service.PolicyService;
import io.trustee.kbs.web.audit.Audited;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /kbs/v0/resource-policy} (kbs-protocol.md §9.2–9.3): POST {@code {"policy": <b64url
 * Rego>}} replaces the resource policy; GET lists the stored policy ids as current upstream does,
 * or, with the non-upstream {@code ?view=text}, returns the Rego text (spec §13.2).
 */
@Path("kbs/v0/resource-policy")
public class ResourcePolicyResource {

  @EJB PolicyService policies;

  @POST
  @Audited(value = AuditActions.POLICY_RESOURCE_SET, target = "resource-policy")
  @Consumes(MediaType.WILDCARD)
  public Response set(byte[] body) {
    policies.setResourcePolicy(body);
    return Response.ok().build();
  }

  /**
   * Dry run (not upstream): {@code {"claims": {...}, "resource-path": "repo/type/tag", "query":
   * {...}, "policy": "<optional b64url Rego>"}} → the decision and the values of the rules it
   * consulted, evaluated against the stored policy or the given one. Nothing is changed.
   */
  @POST
  @Path("dry-run")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public JsonNode dryRun(byte[] body) {
    return policies.dryRun(body);
  }

  @GET
  public Response get(@QueryParam("view") String view) {
    if ("text".equals(view)) {
      return Response.ok(policies.resourcePolicyText(), "text/plain; charset=utf-8").build();
    }
    return Response.ok(policies.resourcePolicyIds(), MediaType.APPLICATION_JSON).build();
  }
}
