package io.trustee.kbs.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.web.audit.Audited;
import io.trustee.kbs.web.security.EndpointAccess.Kind;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every JAX-RS resource method of kbs-web (found by reflection: the {@code @Path} classes of the
 * compiled web module and every sub-resource reached through a locator) is admin-only unless it is
 * in the short, explicit list below. A new endpoint that someone forgets to think about is an admin
 * endpoint; a new public endpoint fails this test until it is added here on purpose.
 */
class EndpointAccessTest {

  /** The only methods callable without admin credentials (Class.method → who). */
  private static final Map<String, String> NOT_ADMIN =
      Map.ofEntries(
          Map.entry("AuthResource.auth", "PUBLIC"),
          Map.entry("AuthResource.get", "PUBLIC"),
          Map.entry("AttestResource.attest", "PUBLIC"),
          Map.entry("AttestResource.get", "PUBLIC"),
          Map.entry("HealthzResource.healthz", "PUBLIC"),
          Map.entry("HealthResource.live", "PUBLIC"),
          Map.entry("HealthResource.ready", "PUBLIC"),
          Map.entry("HealthResource.started", "PUBLIC"),
          Map.entry("JwksResource.jwks", "PUBLIC"),
          Map.entry("OpenIdConfigurationResource.configuration", "PUBLIC"),
          Map.entry("PluginNotFoundResource.get", "PUBLIC"),
          Map.entry("PluginNotFoundResource.post", "PUBLIC"),
          Map.entry("PluginNotFoundResource.put", "PUBLIC"),
          Map.entry("PluginNotFoundResource.delete", "PUBLIC"),
          Map.entry("PluginNotFoundResource.getDeep", "PUBLIC"),
          Map.entry("PluginNotFoundResource.postDeep", "PUBLIC"),
          Map.entry("PluginNotFoundResource.putDeep", "PUBLIC"),
          Map.entry("PluginNotFoundResource.deleteDeep", "PUBLIC"),
          Map.entry("OutsideKbsResourcePathResource.get", "PUBLIC"),
          Map.entry("OutsideKbsResourcePathResource.post", "PUBLIC"),
          Map.entry("OutsideKbsResourcePathResource.getDeep", "PUBLIC"),
          Map.entry("OutsideKbsResourcePathResource.postDeep", "PUBLIC"),
          Map.entry("OutsideKbsResourcePathResource.putDeep", "PUBLIC"),
          Map.entry("OutsideKbsResourcePathResource.deleteDeep", "PUBLIC"),
          Map.entry("SecretResource.fetch", "GUEST"),
          Map.entry("SecretResource.put", "GUEST"),
          Map.entry("AttestationApiResource.attest", "ADMIN_UNLESS AS_API_PUBLIC"),
          Map.entry("ChallengeResource.challenge", "ADMIN_UNLESS AS_API_PUBLIC"),
          Map.entry("MetricsResource.metrics", "ADMIN_UNLESS METRICS_PUBLIC"));

  @Test
  void everyResourceMethodIsAdminOnlyUnlessListed() throws Exception {
    Map<String, EndpointAccess> all = resourceMethods();
    assertThat(all).as("resource methods found").hasSizeGreaterThan(30);

    Map<String, String> notAdmin = new TreeMap<>();
    all.forEach(
        (name, access) -> {
          if (access.kind() != Kind.ADMIN) {
            notAdmin.put(
                name, access.kind() + access.openSwitch().map(s -> " " + s.name()).orElse(""));
          }
        });
    assertThat(notAdmin).isEqualTo(new TreeMap<>(NOT_ADMIN));
    // and each of them really is let through with the switches off
    all.forEach(
        (name, access) ->
            assertThat(access.needsAdmin(s -> false))
                .as(name)
                .isEqualTo(access.kind() == Kind.ADMIN || access.kind() == Kind.ADMIN_UNLESS));
  }

  @Test
  void knownAdminEndpointsAreFoundAndProtected() throws Exception {
    Map<String, EndpointAccess> all = resourceMethods();
    for (String m :
        List.of(
            "AppraisalResource.promote",
            "AsPolicyResource.set",
            "AttestationPolicyResource.set",
            "ReferenceValueResource.register",
            "ReferenceValueResource.fromEventLog",
            "ResourcePolicyResource.set",
            "ResourcePolicyResource.dryRun",
            "ResourcesResource.list",
            "SecretResource.store",
            "SecretResource.delete",
            "TokenKeysResource.list",
            "TokenKeysResource.rotate",
            "KekResource.status",
            "KekResource.rewrap",
            "StatusResource.status")) {
      assertThat(all).containsKey(m);
      assertThat(all.get(m).kind()).as(m).isEqualTo(Kind.ADMIN);
      assertThat(all.get(m).needsAdmin(s -> true)).as(m).isTrue();
    }
  }

  @Test
  void resourcePluginAdminMethodsFailWithAdminAuthInitialization() throws Exception {
    Map<String, EndpointAccess> all = resourceMethods();
    assertThat(all.get("SecretResource.store").failureType())
        .isEqualTo(KbsError.AdminAuthInitialization);
    assertThat(all.get("SecretResource.delete").failureType())
        .isEqualTo(KbsError.AdminAuthInitialization);
    assertThat(all.get("ResourcesResource.list").failureType()).isEqualTo(KbsError.AdminAuthAccess);
  }

  @Test
  void switchesOpenOnlyTheirOwnEndpoints() throws Exception {
    Map<String, EndpointAccess> all = resourceMethods();
    assertThat(
            all.get("AttestationApiResource.attest").needsAdmin(s -> s == OpenSwitch.AS_API_PUBLIC))
        .isFalse();
    assertThat(
            all.get("AttestationApiResource.attest")
                .needsAdmin(s -> s == OpenSwitch.METRICS_PUBLIC))
        .isTrue();
    assertThat(all.get("MetricsResource.metrics").needsAdmin(s -> s == OpenSwitch.AS_API_PUBLIC))
        .isTrue();
    assertThat(all.get("AsPolicyResource.set").needsAdmin(s -> true)).isTrue();
  }

  // --- the rule itself, on classes made for the test ---

  @Path("x")
  static class Unannotated {
    @GET
    public String get() {
      return "";
    }
  }

  @Path("y")
  @PublicEndpoint("test")
  static class PublicClass {
    @GET
    public String open() {
      return "";
    }

    @POST
    @AdminUnless(OpenSwitch.METRICS_PUBLIC)
    public String narrowed() {
      return "";
    }
  }

  @Test
  void anUnannotatedMethodIsAdminOnly() throws Exception {
    EndpointAccess a = EndpointAccess.of(Unannotated.class, Unannotated.class.getMethod("get"));
    assertThat(a.kind()).isEqualTo(Kind.ADMIN);
    assertThat(a.failureType()).isEqualTo(KbsError.AdminAuthAccess);
    assertThat(a.needsAdmin(s -> true)).isTrue();
  }

  @Test
  void noMatchedMethodIsAdminOnly() {
    assertThat(EndpointAccess.of(null, null).kind()).isEqualTo(Kind.ADMIN);
  }

  @Test
  void theMethodAnnotationWinsOverTheClass() throws Exception {
    assertThat(EndpointAccess.of(PublicClass.class, PublicClass.class.getMethod("open")).kind())
        .isEqualTo(Kind.PUBLIC);
    EndpointAccess narrowed =
        EndpointAccess.of(PublicClass.class, PublicClass.class.getMethod("narrowed"));
    assertThat(narrowed.kind()).isEqualTo(Kind.ADMIN_UNLESS);
    assertThat(narrowed.needsAdmin(s -> false)).isTrue();
  }

  /** Admin methods that change nothing although they are not GETs. */
  private static final Set<String> ADMIN_NON_GET_READS =
      Set.of(
          "ResourcePolicyResource.dryRun",
          "AttestationApiResource.attest",
          "ChallengeResource.challenge");

  /**
   * Every admin method that is not a GET is audited (issue #11 §2), unless it is one of the few
   * listed reads; the guest's secret release is audited too. A new admin write fails here until
   * someone gives it an action.
   */
  @Test
  void everyAdminWriteAndTheSecretReleaseAreAudited() throws Exception {
    Map<String, EndpointAccess> all = resourceMethods();
    Map<String, String> actions = new TreeMap<>();
    all.forEach(
        (name, access) -> {
          Method m = FOUND.get(name);
          Audited a = m.getAnnotation(Audited.class);
          boolean admin = access.kind() == Kind.ADMIN || access.kind() == Kind.ADMIN_UNLESS;
          boolean write = !httpMethod(m).orElseThrow().equals("GET");
          if (admin && write && !ADMIN_NON_GET_READS.contains(name)) {
            assertThat(a).as(name + " is an admin write without @Audited").isNotNull();
          }
          if (a != null) {
            actions.put(name, a.value());
          }
        });
    assertThat(actions)
        .containsEntry("SecretResource.fetch", "secret.release")
        .containsEntry("SecretResource.store", "secret.set")
        .containsEntry("SecretResource.delete", "secret.delete")
        .containsEntry("ResourcePolicyResource.set", "policy.resource.set")
        .containsEntry("AttestationPolicyResource.set", "policy.attestation.set")
        .containsEntry("AsPolicyResource.set", "policy.attestation.set")
        .containsEntry("ReferenceValueResource.register", "rv.register")
        .containsEntry("ReferenceValueResource.fromEventLog", "rv.register")
        .containsEntry("ReferenceValueResource.delete", "rv.delete")
        .containsEntry("AppraisalResource.promote", "rv.promote")
        .containsEntry("TokenKeysResource.rotate", "key.rotate")
        .containsEntry("KekResource.rewrap", "key.rewrap")
        .hasSize(12);
  }

  // --- discovery ---

  private static final Map<String, Method> FOUND = new java.util.concurrent.ConcurrentHashMap<>();

  /** Every resource method, "SimpleClass.method" → its rule. */
  static Map<String, EndpointAccess> resourceMethods() throws Exception {
    Deque<Class<?>> todo = new ArrayDeque<>();
    for (Class<?> c : webClasses()) {
      if (c.isAnnotationPresent(Path.class)) {
        todo.add(c);
      }
    }
    Set<Class<?>> seen = new LinkedHashSet<>();
    Map<String, EndpointAccess> out = new LinkedHashMap<>();
    while (!todo.isEmpty()) {
      Class<?> c = todo.poll();
      if (!seen.add(c)) {
        continue;
      }
      for (Method m : c.getMethods()) {
        if (m.getDeclaringClass() == Object.class) {
          continue;
        }
        if (httpMethod(m).isPresent()) {
          String key = c.getSimpleName() + "." + m.getName();
          assertThat(out).as("overloaded resource method " + key).doesNotContainKey(key);
          out.put(key, EndpointAccess.of(c, m));
          FOUND.put(key, m);
        } else if (m.isAnnotationPresent(Path.class)) {
          todo.add(m.getReturnType()); // sub-resource locator
        }
      }
    }
    // every class with resource methods is reachable from a root resource
    for (Class<?> c : webClasses()) {
      boolean hasResourceMethods =
          Arrays.stream(c.getDeclaredMethods()).anyMatch(m -> httpMethod(m).isPresent());
      if (hasResourceMethods && !Modifier.isAbstract(c.getModifiers())) {
        assertThat(seen).as("resource class reachable: " + c.getName()).contains(c);
      }
    }
    return out;
  }

  private static Optional<String> httpMethod(Method m) {
    return Arrays.stream(m.getAnnotations())
        .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
        .filter(h -> h != null)
        .map(HttpMethod::value)
        .findFirst();
  }

  /** The compiled classes of kbs-web (target/classes), not the test classes. */
  private static List<Class<?>> webClasses() throws IOException, URISyntaxException {
    java.nio.file.Path root =
        Paths.get(
            AdminAuthFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(root.resolve("io/trustee/kbs/web/KbsApplication.class")).exists();
    try (Stream<java.nio.file.Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".class"))
          .map(p -> root.relativize(p).toString())
          .map(s -> s.substring(0, s.length() - ".class".length()).replace('/', '.'))
          .map(EndpointAccessTest::load)
          .toList();
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, EndpointAccessTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
