package io.trustee.kbs.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.config.KbsConfig;
import io.trustee.kbs.config.KbsConfigFile;
import io.trustee.kbs.crypto.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminAuthorizersTest {
  @TempDir Path dir;

  private KbsConfig config(String toml) throws Exception {
    Path f = dir.resolve("kbs-config.toml");
    Files.writeString(f, "[http_server]\ninsecure_http = true\n" + toml);
    return KbsConfigFile.load(f);
  }

  @Test
  void dialectCConfigBuildsWorkingBearerAuthorizer() throws Exception {
    KeyPair kp = Pem.generateP256();
    Path pem = dir.resolve("idp.pem");
    Files.writeString(pem, Pem.write(kp.getPublic()));
    KbsConfig c =
        config(
            "[admin]\n"
                + "authorization_mode = \"AuthenticatedAuthorization\"\n"
                + "[admin.authentication.bearer_jwt]\n"
                + "identity_providers = [{ issuer = \"corp-idp\", public_key_uri = \""
                + pem
                + "\" }]\n"
                + "[admin.authorization.regex_acl]\n"
                + "acls = [{ role = \"kbs-admin\", allowed_endpoints ="
                + " \"^/kbs/v0/resource-policy$\" }]\n");
    AdminAuthorizer a = AdminAuthorizers.fromConfig(c.admin(), AdminAuthorizerTest.CLOCK);
    assertThat(a.mode()).isEqualTo(AdminMode.AUTHENTICATED_AUTHORIZATION);
    String t =
        Jwts.sign(
            Jwts.header("ES256"),
            AdminAuthorizerTest.claims(),
            kp.getPrivate(),
            "SHA256withECDSAinP1363Format");
    assertThat(a.authorize(Optional.of("Bearer " + t), "/kbs/v0/resource-policy").role())
        .contains("kbs-admin");
  }

  @Test
  void dialectAKeyBuildsEd25519Authorizer() throws Exception {
    KeyPair kp = Pem.generateEd25519();
    Path pem = dir.resolve("publicKey");
    Files.writeString(pem, Pem.write(kp.getPublic()));
    KbsConfig c = config("[admin]\nauth_public_key = \"" + pem + "\"\n");
    AdminAuthorizer a = AdminAuthorizers.fromConfig(c.admin(), AdminAuthorizerTest.CLOCK);
    String t =
        Jwts.sign(
            Jwts.header("EdDSA"),
            Jwts.M.createObjectNode()
                .put("exp", AdminAuthorizerTest.CLOCK.instant().getEpochSecond() + 300),
            kp.getPrivate(),
            "Ed25519");
    assertThat(a.authorize(Optional.of("Bearer " + t), "/kbs/v0/resource-policy").subject())
        .isEqualTo("admin");
  }

  @Test
  void nonEd25519AdminKeyIsRefusedAtStart() throws Exception {
    Path pem = dir.resolve("publicKey");
    Files.writeString(pem, Pem.write(Pem.generateP256().getPublic()));
    KbsConfig c = config("[admin]\nauth_public_key = \"" + pem + "\"\n");
    assertThatThrownBy(() -> AdminAuthorizers.fromConfig(c.admin(), AdminAuthorizerTest.CLOCK))
        .hasMessageContaining("not an Ed25519");
  }

  @Test
  void denyAllAndInsecureModesMapDirectly() throws Exception {
    assertThat(
            AdminAuthorizers.fromConfig(
                    config("[admin]\ntype = \"DenyAll\"\n").admin(), AdminAuthorizerTest.CLOCK)
                .mode())
        .isEqualTo(AdminMode.DENY_ALL);
    assertThat(
            AdminAuthorizers.fromConfig(
                    config("[admin]\ninsecure_api = true\n").admin(), AdminAuthorizerTest.CLOCK)
                .mode())
        .isEqualTo(AdminMode.INSECURE_ALLOW_ALL);
  }
}
