package io.trustee.kbs.web.resource;

import io.trustee.kbs.audit.AuditActions;
import io.trustee.kbs.service.TokenKeyAdminService;
import io.trustee.kbs.service.TokenKeyRingView;
import io.trustee.kbs.web.audit.Audited;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Token signing keys for administrators (not upstream): {@code GET /kbs/v0/token-keys} lists the
 * ring (kid, state, source, key-encryption key; never private material); {@code POST
 * /kbs/v0/token-keys/rotate} makes a fresh key the signing key (old tokens keep verifying until
 * they expire).
 */
@Path("kbs/v0/token-keys")
public class TokenKeysResource {

  @EJB TokenKeyAdminService keys;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public TokenKeyRingView list() {
    return keys.list();
  }

  @POST
  @Path("rotate")
  @Audited(value = AuditActions.KEY_ROTATE, target = "token-signing-key")
  @Produces(MediaType.APPLICATION_JSON)
  public TokenKeyRingView rotate() {
    return keys.rotate();
  }
}
