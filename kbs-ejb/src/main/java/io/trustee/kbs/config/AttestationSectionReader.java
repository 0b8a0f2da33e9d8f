package io.trustee.kbs.config;

import io.trustee.kbs.config.KbsConfig.AttestationService;
import io.trustee.kbs.config.KbsConfig.AttestationToken;
import io.trustee.kbs.config.KbsConfig.Rvps;
import io.trustee.kbs.config.KbsConfig.Signer;
import io.trustee.kbs.config.KbsConfig.TokenBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the attestation-service side of the file (kbs-config.md §2.3, §2.4): session timeout, token
 * broker and signer, RVPS storage, and the {@code [attestation_token]} verification settings.
 * Remote attestation services and a remote RVPS are refused (§6.6): silently substituting the
 * built-in AS would apply other policies and reference values. Stateless; used only while loading.
 */
final class AttestationSectionReader {
  static final String DEFAULT_RVPS_JSON =
      "/opt/confidential-containers/attestation-service/reference_values.json";

  private AttestationSectionReader() {}

  /** Sectioned dialects: {@code [attestation_service]}. */
  static AttestationService sectioned(Optional<ConfigSection> as, List<String> warnings)
      throws KbsConfigException {
    if (as.isEmpty()) {
      return new AttestationService(
          5, defaultBroker(), Rvps.none(), Optional.empty(), Optional.empty());
    }
    ConfigSection s = as.get();
    Optional<String> type = s.string("type");
    if (type.isPresent()) {
      switch (type.get()) {
        case "coco_as_builtin", "CoCoASBuiltIn" -> {}
        case "coco_as_grpc", "CoCoASGrpc", "intel_ta", "IntelTA" ->
            throw new KbsConfigException(
                s.key("type"), "remote attestation service " + type.get() + " is not supported");
        default ->
            throw new KbsConfigException(
                s.key("type"), "unknown attestation service type " + type.get());
      }
    }
    int timeout = (int) s.integer("timeout", 5, 1, 24 * 60);
    s.ignore("work_dir", "only flat (≤ 0.10) files use work_dir");
    s.ignore("policy_engine", "the policy engine is always Rego");
    s.ignore("attestation_token_config", "leftover table; only flat files read it");
    verifierConfig(s);
    Optional<String> policyStorage = storageType(s, "storage_type");
    TokenBroker broker = defaultBroker();
    Optional<ConfigSection> tb = s.table("attestation_token_broker");
    if (tb.isPresent()) {
      broker = broker(tb.get(), tb.get().string("type").orElse("Ear"), warnings);
      tb.get().finish();
    }
    Rvps rvps = Rvps.none();
    Optional<ConfigSection> rc = s.table("rvps_config");
    if (rc.isPresent()) {
      rvps = rvpsSectioned(rc.get(), warnings);
      rc.get().finish();
    }
    s.finish();
    return new AttestationService(timeout, broker, rvps, Optional.empty(), policyStorage);
  }

  /**
   * {@code verifier_config} (0.16 –): none of its sub-tables applies here, each is named with the
   * reason.
   */
  private static void verifierConfig(ConfigSection s) throws KbsConfigException {
    Optional<ConfigSection> vc = s.table("verifier_config");
    if (vc.isEmpty()) {
      return;
    }
    vc.get()
        .ignore(
            "snp_verifier",
            "vcek_sources serve the bare-metal snp verifier, which is not implemented;"
                + " az-snp-vtpm evidence carries its own VCEK");
    vc.get().ignore("dcap_verifier", "TDX/SGX collateral: no DCAP verifier is implemented");
    vc.get().ignore("tpm_verifier", "no bare TPM verifier is implemented");
    vc.get().ignoreRest("no such verifier is implemented");
    vc.get().finish();
  }

  /** A storage type name (kbs-config.md §2.6), normalised to its upstream variant name. */
  static Optional<String> storageType(ConfigSection s, String key) throws KbsConfigException {
    Optional<String> v = s.string(key);
    if (v.isEmpty()) {
      return v;
    }
    return Optional.of(
        switch (v.get()) {
          case "Memory", "memory" -> "Memory";
          case "LocalFs", "local_fs" -> "LocalFs";
          case "LocalJson", "local_json" -> "LocalJson";
          case "Postgres", "postgres" -> "Postgres";
          case "Redis", "redis" -> "Redis";
          default -> throw new KbsConfigException(s.key(key), "unknown storage type " + v.get());
        });
  }

  private static Rvps rvpsSectioned(ConfigSection rc, List<String> warnings)
      throws KbsConfigException {
    String type = rc.string("type").orElse("BuiltIn");
    if (type.equals("GrpcRemote")) {
      throw new KbsConfigException(rc.key("type"), "remote RVPS (GrpcRemote) is not supported");
    }
    if (!type.equals("BuiltIn")) {
      throw new KbsConfigException(rc.key("type"), "unknown RVPS type " + type);
    }
    rc.ignore("address", "only used by GrpcRemote");
    rc.ignore("extractors", "the extractors are built in");
    Optional<String> kv = storageType(rc, "storage_type");
    Optional<ConfigSection> st = rc.table("storage");
    if (st.isEmpty()) {
      return new Rvps("LocalJson", Optional.empty(), kv);
    }
    Rvps r = store(st.get(), st.get().string("type").orElse("LocalFs"), warnings);
    st.get().finish();
    return new Rvps(r.storeType(), r.localJsonFile(), kv);
  }

  private static Rvps store(ConfigSection st, String storeType, List<String> warnings)
      throws KbsConfigException {
    switch (storeType) {
      case "LocalJson" -> {
        Path p = st.path("file_path", false).orElse(Path.of(DEFAULT_RVPS_JSON));
        return new Rvps("LocalJson", Optional.of(p), Optional.empty());
      }
      case "LocalFs" -> {
        st.ignore("file_path", "a LocalFs (sled) reference-value store cannot be read");
        warnings.add(
            st.key("type") + " = LocalFs: reference values stored there must be re-registered");
        return new Rvps("LocalFs", Optional.empty(), Optional.empty());
      }
      default ->
          throw new KbsConfigException(st.key("type"), "unknown RVPS store type " + storeType);
    }
  }

  /** Flat dialect: top-level {@code timeout} and {@code as_config}. */
  static AttestationService flat(ConfigSection root, List<String> warnings)
      throws KbsConfigException {
    int timeout = (int) root.integer("timeout", 5, 1, 24 * 60);
    if (root.has("grpc_config") || root.has("intel_trust_authority_config")) {
      throw new KbsConfigException(
          root.has("grpc_config") ? "grpc_config" : "intel_trust_authority_config",
          "remote attestation services are not supported");
    }
    Optional<ConfigSection> as = root.table("as_config");
    if (as.isEmpty()) {
      return new AttestationService(
          timeout, defaultBroker(), Rvps.none(), Optional.empty(), Optional.empty());
    }
    ConfigSection s = as.get();
    Optional<Path> workDir = s.path("work_dir", false);
    s.ignore("policy_engine", "the policy engine is always Rego");
    String brokerType = s.string("attestation_token_broker").orElse("Simple");
    TokenBroker broker = defaultBroker();
    Optional<ConfigSection> tc = s.table("attestation_token_config");
    if (tc.isPresent()) {
      broker = broker(tc.get(), brokerType, warnings);
      tc.get().finish();
    }
    if (workDir.isPresent() && broker.policyDir().isEmpty()) {
      broker = withPolicyDir(broker, workDir.get());
    }
    Rvps rvps = Rvps.none();
    Optional<ConfigSection> rc = s.table("rvps_config");
    if (rc.isPresent()) {
      if (!rc.get().string("remote_addr").orElse("").isEmpty()) {
        throw new KbsConfigException(rc.get().key("remote_addr"), "remote RVPS is not supported");
      }
      String storeType = rc.get().string("store_type").orElse("LocalFs");
      Optional<ConfigSection> sc = rc.get().table("store_config");
      ConfigSection storeSection = sc.orElse(rc.get());
      rvps = store(storeSection, storeType, warnings);
      sc.ifPresent(ConfigSection::finish);
      rc.get().finish();
    }
    s.finish();
    return new AttestationService(timeout, broker, rvps, workDir, Optional.empty());
  }

  private static TokenBroker withPolicyDir(TokenBroker b, Path workDir) {
    return new TokenBroker(
        b.type(),
        b.durationMin(),
        b.issuerName(),
        b.developerName(),
        b.buildName(),
        b.profileName(),
        b.signer(),
        Optional.of(workDir),
        b.verboseToken());
  }

  static TokenBroker defaultBroker() {
    return new TokenBroker(
        "Ear",
        5,
        "CoCo-Attestation-Service",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        new Signer(Optional.empty(), Optional.empty(), Optional.empty()),
        Optional.empty(),
        true);
  }

  private static TokenBroker broker(ConfigSection tb, String type, List<String> warnings)
      throws KbsConfigException {
    if (!type.equals("Ear") && !type.equals("Simple")) {
      throw new KbsConfigException(tb.key("type"), "unknown token broker " + type);
    }
    if (type.equals("Simple")) {
      warnings.add(
          "token broker Simple: EAR tokens are issued instead; resource policies that read"
              + " Simple-token claims (tee, tcb-status) need the compatibility view (kbs-config.md"
              + " §6.7)");
    }
    Signer signer = new Signer(Optional.empty(), Optional.empty(), Optional.empty());
    Optional<ConfigSection> sg = tb.table("signer");
    if (sg.isPresent()) {
      signer =
          new Signer(
              sg.get().path("key_path", true),
              sg.get().path("cert_path", true),
              sg.get().string("cert_url"));
      if (signer.keyPath().isEmpty() && signer.certPath().isPresent()) {
        throw new KbsConfigException(sg.get().key("key_path"), "cert_path needs key_path");
      }
      sg.get().finish();
    }
    return new TokenBroker(
        type,
        (int) tb.integer("duration_min", 5, 1, 7 * 24 * 60),
        tb.string("issuer_name").orElse("CoCo-Attestation-Service"),
        tb.string("developer_name"),
        tb.string("build_name"),
        tb.string("profile_name"),
        signer,
        tb.path("policy_dir", false),
        tb.bool("verbose_token", true));
  }

  /** {@code [attestation_token]} (sectioned) or {@code attestation_token_config} (F). */
  static AttestationToken token(Optional<ConfigSection> t) throws KbsConfigException {
    if (t.isEmpty()) {
      return new AttestationToken(List.of(), List.of(), false, List.of());
    }
    ConfigSection s = t.get();
    List<Path> certs = new ArrayList<>();
    List<String> paths = s.stringList("trusted_certs_paths");
    for (int i = 0; i < paths.size(); i++) {
      certs.add(s.checkPath(s.key("trusted_certs_paths") + "[" + i + "]", paths.get(i), true));
    }
    List<String> jwks = s.stringList("trusted_jwk_sets");
    for (int i = 0; i < jwks.size(); i++) {
      String u = jwks.get(i);
      if (u.startsWith("http://")) {
        throw new KbsConfigException(
            s.key("trusted_jwk_sets") + "[" + i + "]", "plain http is not allowed");
      }
      if (!u.startsWith("https://")) {
        s.checkPath(s.key("trusted_jwk_sets") + "[" + i + "]", u, true);
      }
    }
    boolean insecure = s.bool("insecure_key", false) | s.bool("insecure_header_jwk", false);
    s.ignore("attestation_token_type", "only the JWT verifier exists");
    List<String> extra = s.stringList("extra_teekey_paths");
    for (int i = 0; i < extra.size(); i++) {
      if (!extra.get(i).startsWith("/")) {
        throw new KbsConfigException(
            s.key("extra_teekey_paths") + "[" + i + "]", "must be a JSON pointer");
      }
    }
    s.finish();
    return new AttestationToken(certs, jwks, insecure, extra);
  }
}
