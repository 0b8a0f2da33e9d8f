package io.trustee.kbs.web.resource;

import io.trustee.kbs.audit.AuditActions;
import io.trustee.kbs.service.PolicyService;
import io.trustee.kbs.web.audit.Audited;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code /kbs/v0/attestation-policy} (kbs-protocol.md §9.1): POST {@code {"type", "policy_id",
 * "policy": <b64url Rego>}} stores an attestation (EAR) policy; GET (not upstream) lists the ids.
 */
@Path("kbs/v0/attestation-policy")
public class AttestationPolicyResource {

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
  public List<String> ids() {
    return policies.attestationPolicyIds();
  }
}
