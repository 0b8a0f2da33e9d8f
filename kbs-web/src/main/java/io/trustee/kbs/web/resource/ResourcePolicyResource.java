package io.trustee.kbs.web.resource;

import io.trustee.kbs.service.AdminGuard;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.PolicyService;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /kbs/v0/resource-policy} (kbs-protocol.md §9.2–9.3): POST {@code {"policy": <b64url
 * Rego>}} replaces the resource policy; GET lists the stored policy ids as current upstream does,
 * or, with the non-upstream {@code ?view=text}, returns the Rego text (spec §13.2).
 */
@Path("kbs/v0/resource-policy")
public class ResourcePolicyResource {

  @EJB PolicyService policies;
  @Inject AdminGuard admin;
  @Context HttpHeaders headers;
  @Context UriInfo uri;

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response set(byte[] body) {
    admin.require(Requests.authorization(headers), Requests.target(uri), KbsError.AdminAuthAccess);
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
  public String dryRun(byte[] body) {
    admin.require(Requests.authorization(headers), Requests.target(uri), KbsError.AdminAuthAccess);
    return policies.dryRun(body).toString();
  }

  @GET
  public Response get(@QueryParam("view") String view) {
    admin.require(Requests.authorization(headers), Requests.target(uri), KbsError.AdminAuthAccess);
    if ("text".equals(view)) {
      return Response.ok(policies.resourcePolicyText(), "text/plain; charset=utf-8").build();
    }
    return Response.ok(policies.resourcePolicyIds(), MediaType.APPLICATION_JSON).build();
  }
}
