package io.trustee.kbs.web.security;

import io.trustee.kbs.service.KbsError;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may call one resource method, read from its annotations (the method's win over its class's):
 * {@link PublicEndpoint}, {@link GuestEndpoint}, {@link AdminUnless}, and otherwise an
 * administrator — deny by default, so a new endpoint without annotations is an admin endpoint.
 * Immutable; a pure function of the annotations, so a unit test can check every endpoint.
 *
 * @param kind who may call
 * @param openSwitch the setting that opens an {@link Kind#ADMIN_UNLESS} endpoint, else empty
 * @param failureType the error type of a refused request ({@code AdminAuthAccess} unless {@link
 *     AdminFailure} says otherwise)
 */
public record EndpointAccess(Kind kind, Optional<OpenSwitch> openSwitch, KbsError failureType) {

  /** The classes of callers. */
  public enum Kind {
    ADMIN,
    ADMIN_UNLESS,
    GUEST,
    PUBLIC
  }

  public EndpointAccess {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(openSwitch, "openSwitch");
    Objects.requireNonNull(failureType, "failureType");
    if ((kind == Kind.ADMIN_UNLESS) != openSwitch.isPresent()) {
      throw new IllegalArgumentException("a switch goes with ADMIN_UNLESS only");
    }
  }

  /** The rule for {@code method} of {@code resourceClass}; null method (no match) → admin. */
  public static EndpointAccess of(Class<?> resourceClass, Method method) {
    KbsError failure =
        find(resourceClass, method, AdminFailure.class)
            .map(AdminFailure::value)
            .orElse(KbsError.AdminAuthAccess);
    if (resourceClass == null || method == null) {
      return new EndpointAccess(Kind.ADMIN, Optional.empty(), failure);
    }
    Optional<AdminUnless> unless = find(resourceClass, method, AdminUnless.class);
    if (method.isAnnotationPresent(PublicEndpoint.class)) {
      return new EndpointAccess(Kind.PUBLIC, Optional.empty(), failure);
    }
    if (method.isAnnotationPresent(GuestEndpoint.class)) {
      return new EndpointAccess(Kind.GUEST, Optional.empty(), failure);
    }
    if (method.isAnnotationPresent(AdminUnless.class)) {
      return new EndpointAccess(Kind.ADMIN_UNLESS, unless.map(AdminUnless::value), failure);
    }
    if (resourceClass.isAnnotationPresent(PublicEndpoint.class)) {
      return new EndpointAccess(Kind.PUBLIC, Optional.empty(), failure);
    }
    if (resourceClass.isAnnotationPresent(GuestEndpoint.class)) {
      return new EndpointAccess(Kind.GUEST, Optional.empty(), failure);
    }
    if (unless.isPresent()) {
      return new EndpointAccess(Kind.ADMIN_UNLESS, unless.map(AdminUnless::value), failure);
    }
    return new EndpointAccess(Kind.ADMIN, Optional.empty(), failure);
  }

  private static <A extends Annotation> Optional<A> find(
      Class<?> resourceClass, Method method, Class<A> type) {
    if (method != null && method.isAnnotationPresent(type)) {
      return Optional.of(method.getAnnotation(type));
    }
    return Optional.ofNullable(resourceClass == null ? null : resourceClass.getAnnotation(type));
  }

  /**
   * @param open whether a switch is on ({@code kbs.as-api.public}, {@code kbs.metrics.public})
   * @return true if the request needs admin credentials
   */
  public boolean needsAdmin(java.util.function.Predicate<OpenSwitch> open) {
    return switch (kind) {
      case ADMIN -> true;
      case ADMIN_UNLESS -> !open.test(openSwitch.orElseThrow());
      case GUEST, PUBLIC -> false;
    };
  }
}
