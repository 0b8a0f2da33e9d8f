package io.trustee.kbs.web.security;

import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.service.AdminGuard;
import io.trustee.kbs.service.AuditScope;
import io.trustee.kbs.service.CallGuidance;
import io.trustee.kbs.service.KbsException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Admin authentication of every JAX-RS resource method, deny by default: a method needs admin
 * credentials ({@link AdminGuard#require}) unless it or its class is marked {@link PublicEndpoint},
 * {@link GuestEndpoint}, or {@link AdminUnless} with its switch on. A new endpoint is therefore
 * protected without anyone remembering to call the guard; {@code EndpointAccessTest} lists the few
 * public methods explicitly.
 *
 * <p>ACLs ({@code AuthenticatedAuthorization} regexes) are matched against the raw request path
 * only, never the query string, so that {@code ?x=/kbs/v0/resource/a/b} cannot satisfy a rule
 * written for a path (a deliberate difference from upstream). Runs after matching, so that it knows
 * the method, including methods of sub-resources reached through locators (locators only construct
 * objects; they do nothing before this filter).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {

  @Context ResourceInfo resourceInfo;
  @Inject AdminGuard admin;
  @Inject KbsSettings settings;
  @Inject AuditScope audit;

  @Override
  public void filter(ContainerRequestContext request) {
    EndpointAccess access =
        EndpointAccess.of(resourceInfo.getResourceClass(), resourceInfo.getResourceMethod());
    if (access.needsAdmin(this::isOpen)) {
      String path = request.getUriInfo().getRequestUri().getRawPath();
      try {
        audit.admin(
            admin.require(
                Optional.ofNullable(request.getHeaderString(HttpHeaders.AUTHORIZATION)),
                path,
                access.failureType()));
      } catch (KbsException e) {
        // POST /attestation without credentials is what the source document has guests type
        Optional<String> hint = CallGuidance.adminRefusalHint(path);
        if (hint.isEmpty()) {
          throw e;
        }
        String detail = e.detail() + "; " + hint.get();
        throw e.refusal()
            .map(r -> new KbsException(e.error(), r, detail))
            .orElseGet(() -> new KbsException(e.error(), detail));
      }
    }
  }

  private boolean isOpen(OpenSwitch s) {
    return switch (s) {
      case AS_API_PUBLIC -> settings.asApiPublic();
      case METRICS_PUBLIC -> settings.metricsPublic();
    };
  }
}
