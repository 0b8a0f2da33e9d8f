package io.trustee.kbs.web.resource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.web.security.PublicEndpoint;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/**
 * {@code GET /.well-known/openid-configuration} (not upstream): an OpenID-style discovery document
 * so relying parties find our token keys the standard way: {@code issuer} (the {@code iss} of our
 * tokens, {@code kbs.token.issuer} / {@code issuer_name}), {@code jwks_uri} (absolute: {@code
 * kbs.public.base-url} if set, else the URL the request reached, i.e. its {@code Host}) and the
 * signing algorithm. We issue no OAuth flows, so no other endpoints are listed.
 */
@Path(".well-known/openid-configuration")
@PublicEndpoint("discovery document: where relying parties find the keys of our tokens")
public class OpenIdConfigurationResource {

  @Inject KbsSettings settings;
  @Context UriInfo uri;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode configuration() {
    URI base = settings.publicBaseUrl().orElse(uri.getBaseUri());
    String b = base.toString();
    if (!b.endsWith("/")) {
      b = b + "/";
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("issuer", settings.tokenIssuer());
    o.put("jwks_uri", b + ".well-known/jwks.json");
    o.putArray("id_token_signing_alg_values_supported").add("ES256");
    o.putArray("response_types_supported");
    o.putArray("subject_types_supported");
    o.putArray("claims_supported")
        .add("iss")
        .add("iat")
        .add("exp")
        .add("eat_profile")
        .add("submods")
        .add("ear.verifier-id");
    return o;
  }
}
