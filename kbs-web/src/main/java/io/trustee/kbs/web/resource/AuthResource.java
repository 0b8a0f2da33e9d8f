package io.trustee.kbs.web.resource;

import io.trustee.kbs.protocol.AuthRequest;
import io.trustee.kbs.service.AuthOutcome;
import io.trustee.kbs.service.KbsProtocolService;
import io.trustee.kbs.web.dto.ChallengeBody;
import io.trustee.kbs.web.security.PublicEndpoint;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /kbs/v0/auth} (kbs-protocol.md §3.1): starts the RCAR handshake. The body is read by
 * {@code AuthRequestReader}, so that malformed JSON is the protocol's 401 {@code AttestationError},
 * not a framework 400. A GET is 404 {@code PluginNotFound}, as upstream's dispatcher answers.
 */
@Path("kbs/v0/auth")
@PublicEndpoint("RCAR: the handshake starts without credentials; GET is upstream's 404")
public class AuthResource {

  @EJB KbsProtocolService protocol;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response auth(AuthRequest body) {
    AuthOutcome out = protocol.auth(body);
    return Response.ok(ChallengeBody.of(out.challenge()))
        .header("Set-Cookie", SessionCookie.header(out.sessionId(), out.expiresAt()))
        .build();
  }

  @GET
  public void get() {
    throw PluginNotFoundResource.notFound("auth");
  }
}
