package io.trustee.kbs.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.admin.AdminPrincipal;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.service.AdminGuard;
import io.trustee.kbs.service.AuditScope;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.KbsException;
import io.trustee.kbs.web.metrics.MetricsResource;
import io.trustee.kbs.web.resource.AttestationApiResource;
import io.trustee.kbs.web.resource.AuthResource;
import io.trustee.kbs.web.resource.ResourcePolicyResource;
import io.trustee.kbs.web.resource.SecretResource;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The filter asks the guard exactly when the rule says so, with the path only. */
class AdminAuthFilterTest {

  record Call(Optional<String> authorization, String target, KbsError failure) {}

  static final class RecordingGuard extends AdminGuard {
    final List<Call> calls = new ArrayList<>();
    boolean refuse;

    @Override
    public AdminPrincipal require(Optional<String> authorization, String target, KbsError f) {
      calls.add(new Call(authorization, target, f));
      if (refuse) {
        throw new KbsException(f, "admin authentication failed: no token");
      }
      return new AdminPrincipal("admin", Optional.empty(), "test");
    }
  }

  static final class Switches extends KbsSettings {
    boolean asApi;
    boolean metrics;

    @Override
    public boolean asApiPublic() {
      return asApi;
    }

    @Override
    public boolean metricsPublic() {
      return metrics;
    }
  }

  final RecordingGuard guard = new RecordingGuard();
  final Switches switches = new Switches();
  final AuditScope audit = new AuditScope();

  private void call(Class<?> cls, String method, String uri, String authorization)
      throws Exception {
    Method m = null;
    for (Method c : cls.getMethods()) {
      if (c.getName().equals(method)) {
        m = c;
      }
    }
    Method found = m;
    AdminAuthFilter f = new AdminAuthFilter();
    f.admin = guard;
    f.settings = switches;
    f.audit = audit;
    f.resourceInfo =
        proxy(ResourceInfo.class, (name) -> name.equals("getResourceMethod") ? found : cls);
    UriInfo uriInfo = proxy(UriInfo.class, name -> URI.create(uri));
    f.filter(
        proxy(
            ContainerRequestContext.class,
            name -> name.equals("getUriInfo") ? uriInfo : authorization));
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, java.util.function.Function<String, Object> answer) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> answer.apply(m.getName()));
  }

  @Test
  void adminMethodWithoutCredentialsIsRefusedAndTheAclSeesThePathOnly() throws Exception {
    guard.refuse = true;
    assertThatThrownBy(
            () ->
                call(
                    ResourcePolicyResource.class,
                    "set",
                    "https://kbs:8080/kbs/v0/resource-policy?x=/kbs/v0/resource/a/b/c",
                    null))
        .isInstanceOfSatisfying(
            KbsException.class, e -> assertThat(e.error()).isEqualTo(KbsError.AdminAuthAccess));
    assertThat(guard.calls)
        .containsExactly(
            new Call(Optional.empty(), "/kbs/v0/resource-policy", KbsError.AdminAuthAccess));
  }

  @Test
  void theBearerHeaderIsHandedToTheGuard() throws Exception {
    call(ResourcePolicyResource.class, "get", "https://kbs/kbs/v0/resource-policy", "Bearer x.y.z");
    assertThat(guard.calls)
        .extracting(Call::authorization)
        .containsExactly(Optional.of("Bearer x.y.z"));
    // the principal let in is what the request's audit event names
    assertThat(audit.admin()).map(AdminPrincipal::subject).contains("admin");
  }

  @Test
  void resourcePluginWritesFailWithAdminAuthInitialization() throws Exception {
    call(SecretResource.class, "store", "https://kbs/kbs/v0/resource/a/b/c", null);
    call(SecretResource.class, "delete", "https://kbs/kbs/v0/resource/a/b/c", null);
    assertThat(guard.calls)
        .extracting(Call::failure)
        .containsExactly(KbsError.AdminAuthInitialization, KbsError.AdminAuthInitialization);
  }

  @Test
  void guestAndPublicMethodsDoNotAskTheGuard() throws Exception {
    call(SecretResource.class, "fetch", "https://kbs/kbs/v0/resource/a/b/c", null);
    call(AuthResource.class, "auth", "https://kbs/kbs/v0/auth", null);
    assertThat(guard.calls).isEmpty();
  }

  @Test
  void asApiNeedsAnAdminUnlessOpened() throws Exception {
    call(AttestationApiResource.class, "attest", "https://kbs/attestation", null);
    assertThat(guard.calls).hasSize(1);
    switches.asApi = true;
    call(AttestationApiResource.class, "attest", "https://kbs/attestation", null);
    assertThat(guard.calls).hasSize(1);
    call(MetricsResource.class, "metrics", "https://kbs/metrics", null);
    assertThat(guard.calls).hasSize(2);
  }

  @Test
  void metricsNeedAnAdminUnlessOpened() throws Exception {
    call(MetricsResource.class, "metrics", "https://kbs/metrics", null);
    switches.metrics = true;
    call(MetricsResource.class, "metrics", "https://kbs/metrics", null);
    assertThat(guard.calls).extracting(Call::target).containsExactly("/metrics");
  }

  @Test
  void aRefusedAsApiCallSaysHowGuestsAttestInstead() {
    guard.refuse = true;
    assertThatThrownBy(
            () -> call(AttestationApiResource.class, "attest", "https://kbs/attestation", null))
        .isInstanceOfSatisfying(
            KbsException.class,
            e -> {
              assertThat(e.error()).isEqualTo(KbsError.AdminAuthAccess);
              assertThat(e.detail())
                  .startsWith("admin authentication failed: no token; /attestation is the")
                  .contains("POST /kbs/v0/auth -> POST /kbs/v0/attest");
            });
    assertThatThrownBy(
            () ->
                call(
                    ResourcePolicyResource.class,
                    "set",
                    "https://kbs/kbs/v0/resource-policy",
                    null))
        .isInstanceOfSatisfying(
            KbsException.class,
            e -> assertThat(e.detail()).isEqualTo("admin authentication failed: no token"));
  }
}
