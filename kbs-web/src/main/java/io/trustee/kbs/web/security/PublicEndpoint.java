package io.trustee.kbs.web.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method (or every method of a resource class) that anyone may call without
 * credentials: the RCAR handshake, probes, the public key set, upstream's 404 answers. Every method
 * without this, {@link GuestEndpoint} or {@link AdminUnless} needs admin credentials ({@link
 * AdminAuthFilter}); keep the list short and say why in {@link #value()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PublicEndpoint {
  /** Why this endpoint needs no credentials. */
  String value();
}
