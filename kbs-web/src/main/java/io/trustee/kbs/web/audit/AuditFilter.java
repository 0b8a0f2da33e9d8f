package io.trustee.kbs.web.audit;

import io.trustee.kbs.audit.AuditActions;
import io.trustee.kbs.audit.AuditActor;
import io.trustee.kbs.audit.AuditOutcome;
import io.trustee.kbs.audit.AuditRecord;
import io.trustee.kbs.audit.RequestIds;
import io.trustee.kbs.service.AuditScope;
import io.trustee.kbs.service.AuditTrail;
import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The single interception point of the audit trail. Before matching, it fixes the request id (the
 * caller's {@code X-Request-Id} when it is sane, else a fresh UUID; {@link RequestIds}); on the way
 * out it echoes that id in the response and, for a method marked {@link Audited}, appends exactly
 * one event with the status the client receives (after the exception mappers), so success, denial
 * (401/403, including the admin filter's refusal) and failure are all recorded once.
 *
 * <p>The actor comes from {@link AuditScope}: the admin principal the admin filter let in
 * (unauthenticated when it refused), or the guest whose token {@code ResourceService} verified. A
 * secret request whose token never verified (no session, a forged Bearer token) is not recorded:
 * anyone can send those, and an audit trail that anonymous callers can fill is a denial-of-service
 * lever; the resource log line still records them.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class AuditFilter implements ContainerRequestFilter, ContainerResponseFilter {
  public static final String HEADER = "X-Request-Id";
  static final String PROPERTY = AuditFilter.class.getName() + ".requestId";
  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");

  @Context ResourceInfo resourceInfo;
  @Inject AuditScope scope;
  @Inject Clock clock;
  @EJB AuditTrail trail;

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(PROPERTY, requestId(request));
  }

  private static String requestId(ContainerRequestContext request) {
    Object id = request.getProperty(PROPERTY);
    return id instanceof String s
        ? s
        : RequestIds.acceptOrGenerate(Optional.ofNullable(request.getHeaderString(HEADER)));
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String requestId = requestId(request);
    response.getHeaders().putSingle(HEADER, requestId);
    Method method = resourceInfo.getResourceMethod();
    Audited audited = method == null ? null : method.getAnnotation(Audited.class);
    if (audited == null || !applies(audited, request)) {
      return;
    }
    Optional<AuditActor> actor = actor(audited);
    if (actor.isEmpty()) {
      return;
    }
    int status = response.getStatus();
    trail.record(
        new AuditRecord(
            clock.instant(),
            actor.get(),
            audited.value(),
            scope
                .target()
                .orElseGet(
                    () -> target(audited.target(), request.getUriInfo().getPathParameters(false))),
            AuditOutcome.ofStatus(status),
            status,
            requestId));
  }

  private static boolean applies(Audited audited, ContainerRequestContext request) {
    return audited.whenQueryTrue().isEmpty()
        || "true"
            .equalsIgnoreCase(
                request.getUriInfo().getQueryParameters().getFirst(audited.whenQueryTrue()));
  }

  private Optional<AuditActor> actor(Audited audited) {
    if (audited.value().equals(AuditActions.SECRET_RELEASE)) {
      return scope.guest();
    }
    return Optional.of(
        scope
            .admin()
            .map(p -> AuditActor.admin(p.auditId(), p.issuer()))
            .orElseGet(AuditActor::unauthenticated));
  }

  /** {@code template} with each {@code {name}} replaced by the raw path parameter. */
  static String target(String template, MultivaluedMap<String, String> params) {
    Matcher m = PARAM.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      List<String> v = params.get(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v == null || v.isEmpty() ? "" : v.get(0)));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
