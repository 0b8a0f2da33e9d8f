package io.trustee.kbs.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The KBS configuration after dialect detection, as typed immutable records. Defaults are the
 * upstream ones (kbs-config.md §2). {@link #unknownKeys()} lists keys that were not understood (the
 * server logs one warning each); {@link #warnings()} lists keys understood but without effect, and
 * dialect notes.
 *
 * <p>All records are immutable (lists copied) and thread-safe.
 */
public record KbsConfig(
    Layout layout,
    HttpServer httpServer,
    Admin admin,
    AttestationService attestationService,
    AttestationToken attestationToken,
    Optional<ResourcePlugin> resourcePlugin,
    Optional<Path> resourcePolicyPath,
    Optional<StorageBackend> storageBackend,
    List<String> unknownKeys,
    List<String> warnings) {

  public KbsConfig {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(httpServer, "httpServer");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(attestationService, "attestationService");
    Objects.requireNonNull(attestationToken, "attestationToken");
    Objects.requireNonNull(resourcePlugin, "resourcePlugin");
    Objects.requireNonNull(resourcePolicyPath, "resourcePolicyPath");
    Objects.requireNonNull(storageBackend, "storageBackend");
    unknownKeys = List.copyOf(unknownKeys);
    warnings = List.copyOf(warnings);
  }

  /** The file layout (§2.9): flat (F) or sectioned, and the admin dialect found. */
  public enum Layout {
    /** ≤ 0.10, top-level keys. */
    F,
    /** 0.11–0.15, {@code [admin] insecure_api / auth_public_key}. */
    A,
    /** 0.16–0.20, {@code [admin] type}. */
    B,
    /** ≥ 0.21, {@code [admin] authorization_mode}. */
    C,
    /** Sectioned file without an {@code [admin]} table. */
    SECTIONED_WITHOUT_ADMIN
  }

  /** {@code [http_server]} (F: top-level keys). */
  public record HttpServer(
      List<String> sockets,
      boolean insecureHttp,
      Optional<Path> privateKey,
      Optional<Path> certificate,
      int payloadRequestSizeMiB,
      Optional<String> tlsProfile,
      Optional<String> tlsMinVersion,
      Optional<String> tlsMaxVersion,
      Optional<String> tlsCiphers) {
    public HttpServer {
      sockets = List.copyOf(sockets);
    }

    /** The body limit in bytes. */
    public long payloadRequestSizeBytes() {
      return payloadRequestSizeMiB * 1_048_576L;
    }
  }

  /** How admin requests are authorised. */
  public enum AdminMode {
    INSECURE_ALLOW_ALL,
    DENY_ALL,
    /** Legacy {@code auth_public_key}: one Ed25519 key. */
    ED25519_KEY,
    /** Dialect B {@code type = "Simple"}: Ed25519 personas. */
    SIMPLE_PERSONAS,
    /** Dialect C: bearer JWTs from identity providers plus regex ACL. */
    AUTHENTICATED_AUTHORIZATION
  }

  /** One {@code [[admin.personas]]} entry. */
  public record Persona(String id, Path publicKeyPath) {}

  /** One {@code identity_providers} entry (at least one key source). */
  public record IdentityProviderEntry(
      Optional<String> issuer,
      Optional<String> audience,
      Optional<String> publicKeyUri,
      Optional<String> jwkSetUri) {}

  /** One {@code regex_acl.acls} entry (regex already checked for anchoring). */
  public record AclEntry(String role, String allowedEndpoints) {}

  /** {@code [admin]} (F: top-level {@code insecure_api}/{@code auth_public_key}). */
  public record Admin(
      AdminMode mode,
      Optional<Path> authPublicKey,
      List<Persona> personas,
      List<IdentityProviderEntry> identityProviders,
      List<AclEntry> acls) {
    public Admin {
      Objects.requireNonNull(mode, "mode");
      personas = List.copyOf(personas);
      identityProviders = List.copyOf(identityProviders);
      acls = List.copyOf(acls);
    }
  }

  /** {@code signer} of the token broker. */
  public record Signer(Optional<Path> keyPath, Optional<Path> certPath, Optional<String> certUrl) {}

  /** {@code attestation_token_broker} (F: {@code as_config.attestation_token_config}). */
  public record TokenBroker(
      String type,
      int durationMin,
      String issuerName,
      Optional<String> developerName,
      Optional<String> buildName,
      Optional<String> profileName,
      Signer signer,
      Optional<Path> policyDir,
      boolean verboseToken) {}

  /**
   * Reference-value storage of the built-in RVPS: the legacy store type and file, and (0.20 –) the
   * {@code rvps_config.storage_type} override of the key-value backend.
   */
  public record Rvps(
      String storeType, Optional<Path> localJsonFile, Optional<String> kvStorageType) {
    static Rvps none() {
      return new Rvps("LocalJson", Optional.empty(), Optional.empty());
    }
  }

  /**
   * {@code [attestation_service]} (F: {@code as_config} and top-level {@code timeout}); {@code
   * policyStorageType} is the 0.20 – override of the key-value backend for attestation policies.
   */
  public record AttestationService(
      int sessionTimeoutMinutes,
      TokenBroker tokenBroker,
      Rvps rvps,
      Optional<Path> workDir,
      Optional<String> policyStorageType) {}

  /** {@code [attestation_token]} (F: {@code attestation_token_config}). */
  public record AttestationToken(
      List<Path> trustedCertsPaths,
      List<String> trustedJwkSets,
      boolean insecureHeaderJwk,
      List<String> extraTeekeyPaths) {
    public AttestationToken {
      trustedCertsPaths = List.copyOf(trustedCertsPaths);
      trustedJwkSets = List.copyOf(trustedJwkSets);
      extraTeekeyPaths = List.copyOf(extraTeekeyPaths);
    }
  }

  /** Where the resource plugin keeps secrets. */
  public enum ResourceBackend {
    /** Legacy directory {@code <dir_path>/<repo>/<type>/<tag>}. */
    LOCAL_FS,
    /** Key-value storage ({@code [storage_backend]}, namespace {@code repository}). */
    KV_STORAGE,
    /** A backend we do not implement (Aliyun, Vault, Aws, Gcp, Pkcs11): resources unavailable. */
    UNSUPPORTED
  }

  /** The {@code resource} plugin (F: {@code repository_config}). */
  public record ResourcePlugin(
      ResourceBackend backend, String backendName, Optional<Path> dirPath) {}

  /** {@code [storage_backend]} (0.19 –), kept as import sources. */
  public record StorageBackend(
      String storageType, Optional<Path> localFsDirPath, Optional<Path> localJsonFileDirPath) {}
}
