package io.trustee.kbs.web.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method whose every call is one audit event ({@link AuditFilter}): admin writes,
 * and the guest's secret release. {@code EndpointAuditTest} checks that every admin method that is
 * not a GET carries it or is listed as read-only.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Audited {
  /** The action, a stable dotted name ({@code io.trustee.kbs.audit.AuditActions}). */
  String value();

  /**
   * The target: literal text in which {@code {name}} stands for the raw path parameter {@code
   * name}; a target set by the façade ({@code AuditScope.target}) wins.
   */
  String target();

  /** When not empty, only calls with this query parameter {@code true} are audited. */
  String whenQueryTrue() default "";
}
