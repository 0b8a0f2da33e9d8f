package io.trustee.kbs.web.resource;

import io.trustee.kbs.service.TokenKeys;
import io.trustee.kbs.web.security.PublicEndpoint;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /.well-known/jwks.json} (attestation-service.md §1.5): the public key that signs our
 * EAR tokens, so that relying parties can verify them.
 */
@Path(".well-known/jwks.json")
@PublicEndpoint("public keys that relying parties need to verify our tokens")
public class JwksResource {

  @Inject TokenKeys keys;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String jwks() {
    return keys.publicJwksJson();
  }
}
