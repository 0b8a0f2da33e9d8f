package io.trustee.kbs.web.security;

import io.trustee.kbs.service.KbsError;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error type of a refused admin request where upstream uses another than {@code
 * AdminAuthAccess}: {@code AdminAuthInitialization} on the resource plugin's admin methods ({@code
 * POST}/{@code DELETE /kbs/v0/resource/…}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminFailure {
  KbsError value();
}
