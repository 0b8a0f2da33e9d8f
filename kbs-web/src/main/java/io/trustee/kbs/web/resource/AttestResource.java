package io.trustee.kbs.web.resource;

import io.trustee.kbs.service.AttestOutcome;
import io.trustee.kbs.service.KbsProtocolService;
import io.trustee.kbs.web.dto.TokenResponse;
import io.trustee.kbs.web.security.PublicEndpoint;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * {@code POST /kbs/v0/attest} (kbs-protocol.md §3.2): evidence in, attestation token out, with the
 * session cookie set again.
 */
@Path("kbs/v0/attest")
@PublicEndpoint("RCAR: the guest proves itself with the evidence; GET is upstream's 404")
public class AttestResource {

  @EJB KbsProtocolService protocol;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response attest(@CookieParam(SessionCookie.NAME) String sessionId, byte[] body) {
    AttestOutcome out = protocol.attest(Optional.ofNullable(sessionId), body);
    return Response.ok(new TokenResponse(out.token()))
        .header("Set-Cookie", SessionCookie.header(out.sessionId(), out.expiresAt()))
        .build();
  }

  @GET
  public void get() {
    throw PluginNotFoundResource.notFound("attest");
  }
}
