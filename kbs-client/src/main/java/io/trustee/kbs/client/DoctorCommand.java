package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kbs-client doctor}: checks a running KBS from outside, as its clients see it, and prints
 * one row per check ({@link DoctorTls} for the certificate, {@link DoctorChecks} for the rest).
 * Exit status 1 when a row is {@code FAIL}, with one {@code FAIL <check>: <reason>} line per failed
 * row on stderr; warnings do not fail the run (a development server legitimately lacks AMD chains
 * or reference values).
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Check a running KBS from outside: TLS certificate (expiry, host name, trust), readiness,"
          + " admin authentication, AMD chains per product, az-snp-vtpm reference values, the"
          + " resource policy in force (built-in or custom, whether it releases to the sample"
          + " TEE), and the token key in the JWKS.",
      "Prints CHECK, STATUS (ok, warn, FAIL) and DETAIL; exits 1 when a check fails."
    })
final class DoctorCommand implements Runnable {
  @ParentCommand KbsClient root;
  @Mixin AdminOptions admin = new AdminOptions();

  @Override
  public void run() {
    URI base = admin.server.baseUri();
    List<DoctorRow> rows = new ArrayList<>();
    if ("https".equals(base.getScheme())) {
      rows.addAll(tlsRows(base));
    } else {
      rows.add(
          DoctorRow.warn(
              "tls", "plain http: admin tokens and attestation cross the network unencrypted"));
    }
    rows.addAll(new DoctorChecks(admin.server.http(), admin, root.clock()).run());
    ArrayNode table = JsonNodeFactory.instance.arrayNode();
    for (DoctorRow r : rows) {
      ObjectNode o = table.addObject();
      o.put("check", r.check());
      o.put("status", r.status());
      o.put("detail", r.detail());
    }
    PrintWriter out = root.spec.commandLine().getOut();
    out.print(
        Table.render(
            table,
            List.of(
                Table.col("CHECK", "/check"),
                Table.col("STATUS", "/status"),
                Table.col("DETAIL", "/detail"))));
    out.flush();
    List<DoctorRow> failed = rows.stream().filter(DoctorRow::failed).toList();
    if (!failed.isEmpty()) {
      PrintWriter err = root.spec.commandLine().getErr();
      failed.forEach(r -> err.println("FAIL " + r.check() + ": " + r.detail()));
      throw new CliException(failed.size() + " of " + rows.size() + " checks failed");
    }
  }

  private List<DoctorRow> tlsRows(URI base) {
    X509Certificate[] chain;
    try {
      chain = DoctorTls.fetchChain(base, Math.multiplyExact(admin.server.timeoutSeconds, 1000));
    } catch (CliException e) {
      return List.of(DoctorRow.fail("tls", e.getMessage()));
    }
    List<DoctorRow> rows = new ArrayList<>();
    rows.add(DoctorTls.expiry(chain[0], root.clock().instant()));
    rows.add(DoctorTls.hostName(chain[0], DoctorTls.bareHost(base)));
    try {
      rows.add(DoctorTls.trust(chain, admin.server));
    } catch (CliException e) {
      rows.add(DoctorRow.fail("tls trust", e.getMessage()));
    }
    return rows;
  }
}
