package io.trustee.kbs.web.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An admin endpoint that an operator may open to everyone with one documented switch (the AS API
 * with {@code kbs.as-api.public}, {@code /metrics} with {@code kbs.metrics.public}). Without the
 * switch it needs admin credentials like any other admin endpoint.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminUnless {
  /** The setting that opens the endpoint. */
  OpenSwitch value();
}
