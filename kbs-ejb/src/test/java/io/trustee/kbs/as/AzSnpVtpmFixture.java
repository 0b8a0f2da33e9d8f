package io.trustee.kbs.as;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceInput;
import io.trustee.kbs.attestation.spi.EvidenceScheme;
import io.trustee.kbs.attestation.spi.EvidenceVerifier;
import io.trustee.kbs.attestation.spi.TeeClaims;
import io.trustee.kbs.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test fixtures: the az-snp-vtpm claim set of the upstream test evidence
 * (shared/testdata/README.md, identical for evidence v0 and v1) and a test-local verifier that
 * returns it. Policies are evaluated by the real Rego engine (RegoAttestationPolicyEngine).
 */
final class AzSnpVtpmFixture {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String MEASUREMENT =
      "agY76d159jcchC5ID43DtccllhNE5XEw6Ixa30no9/bHm3Wl63f8dplZ9K6y+UAe";
  static final String ZERO = "0".repeat(64);
  static final String FF = "f".repeat(64);
  static final Map<String, String> PCRS =
      Map.ofEntries(
          Map.entry("pcr00", "e15c44796beabf46abcec7c57e590942041e47497e4ec27571c8b7664f48dced"),
          Map.entry("pcr01", "7d81f145b4e06122a02048a39c4eb5832c3e4dd1d13abef1d802f5ad8d4f26e5"),
          Map.entry("pcr02", "3d458cfe55cc03ea1f443f1562beec8df51c75e14a9fcf9a7234a13f198e7969"),
          Map.entry("pcr03", "3d458cfe55cc03ea1f443f1562beec8df51c75e14a9fcf9a7234a13f198e7969"),
          Map.entry("pcr04", "eee70c86ea856a27719a2127d6090f02e100e2947c16a0d6a355f7294382992f"),
          Map.entry("pcr05", "8f45749bf76ed2929377ba7c0c49df91a51ebefa4c261e6ea18676650171cb8c"),
          Map.entry("pcr06", "560c94915ec0d8a2e8144ac18b44ac6e6a6695e6144fe27355bd50fc4b5ed8f4"),
          Map.entry("pcr07", "3b20e022416fdf61d72e4da32b4354781be3de0608116976d28ffdad8c341d2a"),
          Map.entry("pcr08", ZERO),
          Map.entry("pcr09", "539953cab86d2b3d2fee41dd7e2e698730a5fcf2ce5fe3b9bd9a4efce5e0e4d1"),
          Map.entry("pcr10", "2a4cb11d5a73f560b9fb42faa2da165562c9499051fddc79979e6da8d33b7f22"),
          Map.entry("pcr11", ZERO),
          Map.entry("pcr12", "f1a142c53586e7e2223ec74e5f4d1a4942956b1fd9ac78fafcdf85117aa345da"),
          Map.entry("pcr13", ZERO),
          Map.entry("pcr14", "306f9d8b94f17d93dc6e7cf8f5c79d652eb4c6c4d13de2dddc24af416e13ecaf"),
          Map.entry("pcr15", ZERO),
          Map.entry("pcr16", ZERO),
          Map.entry("pcr17", FF),
          Map.entry("pcr18", FF),
          Map.entry("pcr19", FF),
          Map.entry("pcr20", FF),
          Map.entry("pcr21", FF),
          Map.entry("pcr22", FF),
          Map.entry("pcr23", ZERO));

  private AzSnpVtpmFixture() {}

  /** The verifier's claim set for the upstream az-snp-vtpm test evidence. */
  static ObjectNode claims() {
    ObjectNode c = JSON.createObjectNode();
    c.put("policy_abi_major", "0")
        .put("policy_abi_minor", "31")
        .put("policy_smt_allowed", "true")
        .put("policy_migrate_ma", "false")
        .put("policy_debug_allowed", "false")
        .put("policy_single_socket", "false")
        .put("reported_tcb_bootloader", "4")
        .put("reported_tcb_tee", "0")
        .put("reported_tcb_snp", "24")
        .put("reported_tcb_microcode", "219")
        .put("platform_tsme_enabled", "false")
        .put("platform_smt_enabled", "true")
        .put("measurement", MEASUREMENT)
        .put("report_data", "6368616c6c656e6765")
        .put("init_data", ZERO);
    ObjectNode tpm = c.putObject("tpm");
    PCRS.keySet().stream().sorted().forEach(k -> tpm.put(k, PCRS.get(k)));
    return c;
  }

  /** Test-local verifier: checks the report-data binding and returns fixed claims. */
  static final class Verifier implements EvidenceVerifier {
    final EvidenceScheme scheme;
    final String teeClass;
    final ObjectNode claims;
    final List<EvidenceInput> seen = new ArrayList<>();

    Verifier(String name, Set<String> aliases, String teeClass, ObjectNode claims) {
      this.scheme = new EvidenceScheme(name, aliases, teeClass);
      this.teeClass = teeClass;
      this.claims = claims;
    }

    static Verifier azSnpVtpm() {
      return new Verifier("az-snp-vtpm", Set.of("azsnpvtpm"), "cpu", claims());
    }

    @Override
    public EvidenceScheme scheme() {
      return scheme;
    }

    @Override
    public synchronized TeeClaims verify(EvidenceInput input) throws BadEvidenceException {
      seen.add(input);
      if (input.evidence().path("tampered").asBoolean()) {
        throw new BadEvidenceException("quote signature invalid", "test evidence flagged");
      }
      ObjectNode c = claims.deepCopy();
      input.expectedReportData().ifPresent(rd -> c.put("report_data", Bytes.toHex(rd)));
      return new TeeClaims(teeClass, c);
    }
  }
}
