package io.trustee.kbs.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application at the server root: the KBS protocol under {@code /kbs/v0}, the
 * attestation-service API ({@code /attestation}, {@code /policy}), {@code /healthz} and {@code
 * /.well-known/jwks.json}. Authentication is the application's own (session cookie, attestation
 * tokens, admin tokens), see {@code io.trustee.kbs.web.security}.
 */
@ApplicationPath("/")
public class KbsApplication extends Application {}
