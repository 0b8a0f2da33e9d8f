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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * {@code /kbs/v0/attestation-policy} (kbs-protocol.md §9.1): POST {@code {"type", "policy_id",
 * "policy": <b64url Rego>}} stores an attestation (EAR) policy; GET (not upstream) lists the ids.
 */
@Path("kbs/v0/attestation-policy")
public class AttestationPolicyResource {

  @EJB PolicyService policies;
  @Inject AdminGuard admin;
  @Context HttpHeaders headers;
  @Context UriInfo uri;

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response set(byte[] body) {
    admin.require(Requests.authorization(headers), Requests.target(uri), KbsError.AdminAuthAccess);
    policies.setAttestationPolicy(body);
    return Response.ok().build();
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<String> ids() {
    admin.require(Requests.authorization(headers), Requests.target(uri), KbsError.AdminAuthAccess);
    return policies.attestationPolicyIds();
  }
}
