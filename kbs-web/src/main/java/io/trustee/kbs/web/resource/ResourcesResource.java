package io.trustee.kbs.web.resource;

import io.trustee.kbs.service.ResourceService;
import io.trustee.kbs.web.dto.ResourceListing;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * {@code /kbs/v0/resource}: the admin listing (no secret values) and, through a locator, the secret
 * at {@code /kbs/v0/resource/{repository}/{type}/{tag}} ({@link SecretResource}).
 */
@Path("kbs/v0/resource")
public class ResourcesResource {

  @EJB ResourceService resources;
  @Context HttpHeaders headers;
  @Context UriInfo uri;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<ResourceListing> list() {
    return resources.list().stream().map(ResourceListing::of).toList();
  }

  /** The raw (still percent-encoded) path, so that encoded separators cannot re-split it. */
  @Path("{path: .+}")
  public SecretResource secret(@Encoded @PathParam("path") String rawPath) {
    return new SecretResource(resources, rawPath, headers, uri);
  }
}
