package io.trustee.kbs.web.resource;

import io.trustee.kbs.audit.AuditActions;
import io.trustee.kbs.service.PolicyService;
import io.trustee.kbs.web.audit.Audited;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The AS policy API (attestation-service.md §1.2–1.3) at {@code /policy}, with the KBS's admin
 * authentication: POST stores a policy, GET lists {@code [{"policy-id": …}]}, and {@code GET
 * /policy/{id}} (routed here, not upstream) returns the Rego text.
 */
@Path("policy")
public class AsPolicyResource {

  @EJB PolicyService policies;

  @POST
  @Audited(value = AuditActions.POLICY_ATTESTATION_SET, target = "attestation-policy")
  @Consumes(MediaType.WILDCARD)
  public Response set(byte[] body) {
    policies.setAttestationPolicy(body);
    return Response.ok().build();
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, String>> list() {
    return policies.attestationPolicyIds().stream().map(id -> Map.of("policy-id", id)).toList();
  }

  @GET
  @Path("{id}")
  @Produces("text/plain; charset=utf-8")
  public String get(@PathParam("id") String id) {
    return policies.attestationPolicyText(id);
  }
}
