package io.trustee.kbs.web.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.audit.AuditActions;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.ResourceRequest;
import io.trustee.kbs.service.ResourceService;
import io.trustee.kbs.web.audit.Audited;
import io.trustee.kbs.web.security.AdminFailure;
import io.trustee.kbs.web.security.GuestEndpoint;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One secret, {@code /kbs/v0/resource/{repository}/{type}/{tag}} (kbs-protocol.md §8): GET by an
 * attested guest (session cookie or Bearer token, then resource policy, then JWE to the TEE key);
 * POST and DELETE by an administrator (checked by {@code AdminAuthFilter}). The path is checked by
 * the service after authentication, as upstream does. Reached through {@link
 * ResourcesResource#secret}.
 */
public class SecretResource {
  private final ResourceService resources;
  private final String rawPath;
  private final HttpHeaders headers;
  private final UriInfo uri;

  SecretResource(ResourceService resources, String rawPath, HttpHeaders headers, UriInfo uri) {
    this.resources = resources;
    this.rawPath = rawPath;
    this.headers = headers;
    this.uri = uri;
  }

  private List<String> segments() {
    return segments(uri.getRequestUri().getRawPath(), uri.getBaseUri().getRawPath(), rawPath);
  }

  /** What follows the application's base path in the URI of every secret. */
  static final String PREFIX = "kbs/v0/resource/";

  /**
   * The raw segments after {@code /kbs/v0/resource/} as the client sent them, empty ones included.
   * They are read from the request URI because the JAX-RS runtime drops a trailing slash from the
   * matched path parameter: {@code GET .../a/b/c/} would otherwise name the secret {@code a/b/c}.
   * The service answers 404 for any empty segment. Falls back to the matched parameter when the
   * request path does not start with the expected prefix (it always does when routed here).
   */
  static List<String> segments(String requestRawPath, String baseRawPath, String matched) {
    String base = baseRawPath == null ? "/" : baseRawPath;
    String prefix = (base.endsWith("/") ? base : base + "/") + PREFIX;
    String path =
        requestRawPath != null && requestRawPath.startsWith(prefix)
            ? requestRawPath.substring(prefix.length())
            : matched;
    return Arrays.asList(path.split("/", -1));
  }

  @GET
  @GuestEndpoint
  @Audited(value = AuditActions.SECRET_RELEASE, target = "{path}")
  @Produces(MediaType.APPLICATION_JSON)
  public JsonNode fetch() {
    Optional<String> cookie =
        Optional.ofNullable(headers.getCookies().get(SessionCookie.NAME)).map(c -> c.getValue());
    return resources.fetch(
        new ResourceRequest(
            segments(), Requests.query(uri), cookie, Requests.authorization(headers)));
  }

  @POST
  @AdminFailure(KbsError.AdminAuthInitialization)
  @Audited(value = AuditActions.SECRET_SET, target = "{path}")
  @Consumes(MediaType.WILDCARD)
  public Response store(byte[] body) {
    resources.store(segments(), body);
    return Response.ok().build();
  }

  @DELETE
  @AdminFailure(KbsError.AdminAuthInitialization)
  @Audited(value = AuditActions.SECRET_DELETE, target = "{path}")
  public Response delete() {
    resources.delete(segments());
    return Response.ok().build();
  }

  /** Upstream routes other methods through the attested path, where they fail with 401. */
  @PUT
  @GuestEndpoint
  public Response put() {
    resources.refuseUnsupportedMethod("PUT");
    return Response.ok().build();
  }
}
