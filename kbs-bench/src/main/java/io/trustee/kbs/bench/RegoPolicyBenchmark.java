package io.trustee.kbs.bench;

import io.trustee.rego.CompiledPolicy;
import io.trustee.rego.EvalOptions;
import io.trustee.rego.EvalResult;
import io.trustee.rego.HostFunction;
import io.trustee.rego.NullValue;
import io.trustee.rego.Rego;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The Rego engine on the upstream default CPU policy: compile time (uncached), and one evaluation
 * of {@code trust_claims} and {@code extensions} for the az-snp-vtpm claim set with a 20-entry
 * reference-value store behind {@code query_reference_value} (the policy makes 12 look-ups for this
 * TEE). Policy text is read from {@code -Dkbs.testdata.dir} (default {@code ../shared/testdata}).
 * JMH state is per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RegoPolicyBenchmark {
  private static final List<String> RULES =
      List.of("data.policy.trust_claims", "data.policy.extensions");

  private String policyText;
  private CompiledPolicy policy;
  private Value input;
  private Map<String, HostFunction> hosts;
  private EvalOptions options;

  @Setup
  public void setUp() throws IOException {
    Path dir = Path.of(System.getProperty("kbs.testdata.dir", "../shared/testdata"));
    policyText = Files.readString(dir.resolve("upstream-policies/ear_default_policy_cpu.rego"));
    policy = Rego.compile(policyText);
    input =
        Value.fromJson(
            """
        {"az-snp-vtpm": {
          "policy_abi_major": "0", "policy_abi_minor": "31", "policy_smt_allowed": "true",
          "policy_migrate_ma": "false", "policy_debug_allowed": "false",
          "policy_single_socket": "false", "reported_tcb_bootloader": "4",
          "reported_tcb_tee": "0", "reported_tcb_snp": "24", "reported_tcb_microcode": "219",
          "platform_tsme_enabled": "false", "platform_smt_enabled": "true",
          "measurement": "agY76d159jcchC5ID43DtccllhNE5XEw6Ixa30no9/bHm3Wl63f8dplZ9K6y+UAe",
          "tpm": {
            "pcr00": "e15c44796beabf46abcec7c57e590942041e47497e4ec27571c8b7664f48dced",
            "pcr11": "0000000000000000000000000000000000000000000000000000000000000000"}},
         "init_data": "0000000000000000000000000000000000000000000000000000000000000000",
         "init_data_claims": null, "report_data": "6368616c6c656e6765",
         "runtime_data_claims": null}""");
    Map<String, Value> rv = new HashMap<>();
    rv.put(
        "measurement",
        Value.fromJson("[\"agY76d159jcchC5ID43DtccllhNE5XEw6Ixa30no9/bHm3Wl63f8dplZ9K6y+UAe\"]"));
    rv.put(
        "snp_pcr11",
        Value.fromJson("[\"0000000000000000000000000000000000000000000000000000000000000000\"]"));
    rv.put("tcb_bootloader", Value.fromJson("[\"3\", \"4\"]"));
    rv.put("tcb_microcode", Value.fromJson("[\"219\"]"));
    rv.put("tcb_snp", Value.fromJson("[\"24\"]"));
    rv.put("tcb_tee", Value.fromJson("[\"0\"]"));
    rv.put("smt_enabled", Value.fromJson("[\"true\"]"));
    rv.put("tsme_enabled", Value.fromJson("[\"false\"]"));
    rv.put("abi_major", Value.fromJson("[\"0\"]"));
    rv.put("abi_minor", Value.fromJson("[\"31\"]"));
    rv.put("single_socket", Value.fromJson("[\"false\"]"));
    rv.put("smt_allowed", Value.fromJson("[\"true\"]"));
    for (int i = 0; i < 8; i++) {
      rv.put("other_" + i, Value.fromJson("[\"v" + i + "\"]"));
    }
    HostFunction q =
        HostFunction.of(
            "query_reference_value",
            1,
            a -> rv.getOrDefault(((StringValue) a.get(0)).value(), NullValue.INSTANCE));
    hosts = Map.of(q.name(), q);
    options = EvalOptions.defaults();
    EvalResult check = evaluate();
    if (!check.get("data.policy.trust_claims").toString().contains("\"hardware\": 2")) {
      throw new IllegalStateException("unexpected result " + check);
    }
  }

  /** Compiles the default CPU policy without the cache. */
  @Benchmark
  public Object compileDefaultCpuPolicy() {
    return Rego.compileModules(Map.of("policy.rego", policyText));
  }

  /** Evaluates trust_claims and extensions for the az-snp-vtpm claims. */
  @Benchmark
  public EvalResult evaluateDefaultCpuPolicy() {
    return evaluate();
  }

  private EvalResult evaluate() {
    return policy.evaluate(input, null, hosts, RULES, options);
  }
}
