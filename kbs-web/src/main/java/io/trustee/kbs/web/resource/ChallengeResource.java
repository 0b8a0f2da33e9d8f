package io.trustee.kbs.web.resource;

import io.trustee.kbs.web.security.AdminUnless;
import io.trustee.kbs.web.security.OpenSwitch;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /challenge} (attestation-service.md §1.4): a supplemental challenge exists only for
 * IBM {@code se}, which we do not implement, so the answer is the empty string for every TEE. Part
 * of the AS API, so it is admin-only like {@code POST /attestation} unless {@code
 * kbs.as-api.public=true}.
 */
@AdminUnless(OpenSwitch.AS_API_PUBLIC)
@Path("challenge")
public class ChallengeResource {
  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.TEXT_PLAIN)
  public String challenge(byte[] ignored) {
    return "";
  }
}
