package io.trustee.kbs.web.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method called by an attested guest, whose own credentials (the session cookie or
 * an attestation token) the service checks, so {@link AdminAuthFilter} asks for no admin token. The
 * guest check itself is the service's: a method marked here must perform it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface GuestEndpoint {}
