package io.trustee.kbs.web.resource;

import io.trustee.kbs.as.AttestationRequest;
import io.trustee.kbs.service.AttestationApiService;
import io.trustee.kbs.web.security.AdminUnless;
import io.trustee.kbs.web.security.OpenSwitch;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /attestation} (attestation-service.md §1.1): the standalone AS endpoint that the
 * operators' runbook calls on the KBS URL. The response body is the token itself. It mints tokens
 * that this KBS trusts, so it needs admin credentials unless {@code kbs.as-api.public=true}.
 */
@AdminUnless(OpenSwitch.AS_API_PUBLIC)
@Path("attestation")
public class AttestationApiResource {

  @EJB AttestationApiService service;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.TEXT_PLAIN)
  public String attest(AttestationRequest body) {
    return service.attest(body);
  }
}
