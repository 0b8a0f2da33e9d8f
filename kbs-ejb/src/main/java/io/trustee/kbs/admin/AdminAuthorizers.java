package io.trustee.kbs.admin;

import io.trustee.kbs.config.KbsConfig;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.PemException;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link AdminAuthorizer} the configuration asks for, reading the key files now (at
 * start-up). Stateless.
 */
public final class AdminAuthorizers {
  private AdminAuthorizers() {}

  /**
   * @throws IOException naming the key file or identity provider that cannot be read, or a key of
   *     the wrong type
   */
  public static AdminAuthorizer fromConfig(KbsConfig.Admin admin, Clock clock) throws IOException {
    return fromConfig(admin, AdminTokenLifetime.DEFAULT, clock);
  }

  /**
   * @param lifetime the time rules of admin tokens, in every token-based mode
   * @throws IOException naming the key file or identity provider that cannot be read, or a key of
   *     the wrong type
   */
  public static AdminAuthorizer fromConfig(
      KbsConfig.Admin admin, AdminTokenLifetime lifetime, Clock clock) throws IOException {
    switch (admin.mode()) {
      case INSECURE_ALLOW_ALL:
        return AdminAuthorizer.insecureAllowAll();
      case DENY_ALL:
        return AdminAuthorizer.denyAll();
      case ED25519_KEY:
        return Ed25519Authorizer.legacyKey(
            readEd25519("auth_public_key", admin.authPublicKey().orElseThrow()), lifetime, clock);
      case SIMPLE_PERSONAS:
        Map<String, PublicKey> personas = new LinkedHashMap<>();
        for (KbsConfig.Persona p : admin.personas()) {
          personas.put(p.id(), readEd25519("personas." + p.id(), p.publicKeyPath()));
        }
        return Ed25519Authorizer.personas(personas, lifetime, clock);
      case AUTHENTICATED_AUTHORIZATION:
        List<IdentityProvider> idps = new ArrayList<>();
        for (KbsConfig.IdentityProviderEntry e : admin.identityProviders()) {
          idps.add(
              IdentityProvider.load(e.issuer(), e.audience(), e.publicKeyUri(), e.jwkSetUri()));
        }
        List<AclRule> acls = new ArrayList<>();
        for (KbsConfig.AclEntry a : admin.acls()) {
          acls.add(AclRule.of(a.role(), a.allowedEndpoints()));
        }
        return new BearerJwtAuthorizer(idps, acls, lifetime, clock);
      default:
        throw new IllegalStateException("unhandled admin mode " + admin.mode());
    }
  }

  private static PublicKey readEd25519(String what, java.nio.file.Path file) throws IOException {
    PublicKey key;
    try {
      key = Pem.readPublicKey(file);
    } catch (PemException e) {
      throw new IOException(what + ": " + e.getMessage(), e);
    }
    if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
      throw new IOException(what + ": " + file + " is not an Ed25519 public key");
    }
    return key;
  }
}
