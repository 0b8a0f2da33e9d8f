package io.trustee.kbs.config;

import io.trustee.kbs.config.KbsConfig.AclEntry;
import io.trustee.kbs.config.KbsConfig.Admin;
import io.trustee.kbs.config.KbsConfig.AdminMode;
import io.trustee.kbs.config.KbsConfig.IdentityProviderEntry;
import io.trustee.kbs.config.KbsConfig.Layout;
import io.trustee.kbs.config.KbsConfig.Persona;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the admin settings of every dialect (kbs-config.md §2.2, §6.2): F/A legacy keys, B {@code
 * type}, C {@code authorization_mode}. Older-dialect keys next to a newer selector are ignored with
 * a warning (0.16–0.20 behaviour). A missing admin configuration means DenyAll with a warning.
 * Stateless; used only while loading.
 */
final class AdminSectionReader {
  private AdminSectionReader() {}

  /** The admin dialect of a sectioned file (§2.9 step 3). */
  static Layout detect(Optional<ConfigSection> admin) {
    if (admin.isEmpty()) {
      return Layout.SECTIONED_WITHOUT_ADMIN;
    }
    ConfigSection a = admin.get();
    if (a.has("authorization_mode")) {
      return Layout.C;
    }
    if (a.has("type")) {
      return Layout.B;
    }
    return Layout.A;
  }

  /** F and A: {@code insecure_api} and {@code auth_public_key} in {@code s}. */
  static Admin legacy(ConfigSection s, List<String> warnings) throws KbsConfigException {
    boolean insecure = s.bool("insecure_api", false);
    if (insecure) {
      s.ignore("auth_public_key", "insecure_api = true allows every admin request");
      warnings.add(s.key("insecure_api") + " = true: the admin API is open to everyone");
      return new Admin(
          AdminMode.INSECURE_ALLOW_ALL, Optional.empty(), List.of(), List.of(), List.of());
    }
    Optional<Path> key = s.path("auth_public_key", true);
    if (key.isEmpty()) {
      warnings.add("no admin key and insecure_api = false: every admin request is denied");
      return deny();
    }
    return new Admin(AdminMode.ED25519_KEY, key, List.of(), List.of(), List.of());
  }

  static Admin deny() {
    return new Admin(AdminMode.DENY_ALL, Optional.empty(), List.of(), List.of(), List.of());
  }

  /** Dialect B. */
  static Admin typeB(ConfigSection a, List<String> warnings) throws KbsConfigException {
    a.ignore("insecure_api", "[admin] type selects the admin backend (0.16 – 0.20 semantics)");
    a.ignore("auth_public_key", "[admin] type selects the admin backend (0.16 – 0.20 semantics)");
    String type = a.string("type").orElseThrow();
    switch (type) {
      case "InsecureAllowAll" -> {
        warnings.add("admin.type = InsecureAllowAll: the admin API is open to everyone");
        return new Admin(
            AdminMode.INSECURE_ALLOW_ALL, Optional.empty(), List.of(), List.of(), List.of());
      }
      case "DenyAll" -> {
        return deny();
      }
      case "Simple" -> {
        List<Persona> personas = new ArrayList<>();
        for (ConfigSection p : a.tableList("personas")) {
          String id =
              p.string("id").orElseThrow(() -> new KbsConfigException(p.key("id"), "required"));
          Path key =
              p.path("public_key_path", true)
                  .orElseThrow(() -> new KbsConfigException(p.key("public_key_path"), "required"));
          personas.add(new Persona(id, key));
          p.finish();
        }
        if (personas.isEmpty()) {
          warnings.add("admin.type = Simple without personas: every admin request is denied");
        }
        return new Admin(
            AdminMode.SIMPLE_PERSONAS, Optional.empty(), personas, List.of(), List.of());
      }
      default -> throw new KbsConfigException(a.key("type"), "unknown admin type " + type);
    }
  }

  /** Dialect C. */
  static Admin modeC(ConfigSection a, List<String> warnings) throws KbsConfigException {
    a.ignore("insecure_api", "[admin] authorization_mode selects the admin backend");
    a.ignore("auth_public_key", "[admin] authorization_mode selects the admin backend");
    a.ignore("type", "[admin] authorization_mode selects the admin backend");
    String mode = a.string("authorization_mode").orElseThrow();
    List<IdentityProviderEntry> idps = new ArrayList<>();
    List<AclEntry> acls = new ArrayList<>();
    Optional<ConfigSection> authn = a.table("authentication");
    if (authn.isPresent()) {
      Optional<ConfigSection> bearer = authn.get().table("bearer_jwt");
      if (bearer.isPresent()) {
        for (ConfigSection p : bearer.get().tableList("identity_providers")) {
          Optional<String> pk = p.string("public_key_uri");
          Optional<String> jwks = p.string("jwk_set_uri");
          if (pk.isEmpty() && jwks.isEmpty()) {
            throw new KbsConfigException(
                p.key("public_key_uri"), "public_key_uri or jwk_set_uri required");
          }
          checkLocal(p, p.key("public_key_uri"), pk);
          checkLocal(p, p.key("jwk_set_uri"), jwks);
          idps.add(new IdentityProviderEntry(p.string("issuer"), p.string("audience"), pk, jwks));
          p.finish();
        }
        bearer.get().finish();
      }
      authn.get().finish();
    }
    Optional<ConfigSection> authz = a.table("authorization");
    if (authz.isPresent()) {
      Optional<ConfigSection> regex = authz.get().table("regex_acl");
      if (regex.isPresent()) {
        for (ConfigSection r : regex.get().tableList("acls")) {
          String role =
              r.string("role").orElseThrow(() -> new KbsConfigException(r.key("role"), "required"));
          String re =
              r.string("allowed_endpoints")
                  .orElseThrow(
                      () -> new KbsConfigException(r.key("allowed_endpoints"), "required"));
          if (!re.startsWith("^/kbs") || !re.endsWith("$") || re.endsWith("\\$")) {
            throw new KbsConfigException(
                r.key("allowed_endpoints"), "must start with ^/kbs and end with $");
          }
          try {
            Pattern.compile(re);
          } catch (PatternSyntaxException e) {
            throw new KbsConfigException(r.key("allowed_endpoints"), "invalid regex", e);
          }
          acls.add(new AclEntry(role, re));
          r.finish();
        }
        regex.get().finish();
      }
      authz.get().finish();
    }
    switch (mode) {
      case "InsecureAllowAll" -> {
        warnings.add(
            "admin.authorization_mode = InsecureAllowAll: the admin API is open to everyone");
        return new Admin(AdminMode.INSECURE_ALLOW_ALL, Optional.empty(), List.of(), idps, acls);
      }
      case "DenyAll" -> {
        return new Admin(AdminMode.DENY_ALL, Optional.empty(), List.of(), idps, acls);
      }
      case "AuthenticatedAuthorization" -> {
        if (idps.isEmpty()) {
          throw new KbsConfigException(
              a.key("authentication.bearer_jwt.identity_providers"),
              "AuthenticatedAuthorization needs at least one identity provider");
        }
        return new Admin(
            AdminMode.AUTHENTICATED_AUTHORIZATION, Optional.empty(), List.of(), idps, acls);
      }
      default -> throw new KbsConfigException(a.key("authorization_mode"), "unknown mode " + mode);
    }
  }

  private static void checkLocal(ConfigSection p, String key, Optional<String> uri)
      throws KbsConfigException {
    if (uri.isPresent() && !uri.get().startsWith("https://")) {
      if (uri.get().startsWith("http://")) {
        throw new KbsConfigException(key, "plain http is not allowed for key material");
      }
      p.checkPath(key, uri.get(), true);
    }
  }
}
