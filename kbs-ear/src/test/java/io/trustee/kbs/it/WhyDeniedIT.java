package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Why denied" where an operator looks (issue #11 §3), against the running server:
 *
 * <ul>
 *   <li>evidence the verifier refuses leaves an appraisal record with status {@code refused} and
 *       the failed check, listed by {@code kbs-client appraisals --failed};
 *   <li>the real Azure evidence (shared/testdata/az-snp-vtpm, through the AS API with its own
 *       report data "challenge") with a registered PCR 11 value it does not have: the {@code
 *       attestation failed} line in {@code messages.log} names pcr11 with the expected and the
 *       observed digest, and {@code kbs-client appraisal ID} shows the same as a table.
 * </ul>
 *
 * <p>While no AMD chain is in the server's {@code kbs.amd.certs-dir}, readiness is DOWN and names
 * the reason. The real evidence needs AMD's real Milan chain in the server's {@code
 * kbs.amd.certs-dir}, where {@link AzSnpVtpmIT} keeps its simulator's Milan chain (one file per
 * generation): the simulator's file is set aside while this class runs and put back afterwards.
 */
class WhyDeniedIT {
  private static final String PCR = "snp_pcr11";
  private static final String OTHER_PCR = "ab".repeat(32);

  private static final Path AMD = KbsHttp.dataDir().resolve("amd");
  private static final Path SET_ASIDE = KbsHttp.dataDir().resolve("amd-set-aside-by-why-denied-it");
  private static JsonNode previousPcrValue;
  private static boolean amdDirWasThere;

  /** {@code kbs.testdata.dir} (../shared/testdata), read at test time. */
  private static Path testdata() {
    String p = System.getProperty("kbs.testdata.dir");
    assumeTrue(
        p != null && Files.isDirectory(Path.of(p)),
        "shared test data not found (kbs.testdata.dir=" + p + "): the real-evidence checks skip");
    return Path.of(p);
  }

  @BeforeAll
  static void realAmdChainAndAWrongPcr11() throws Exception {
    Path testdata = testdata();
    amdDirWasThere = Files.isDirectory(AMD);
    Files.createDirectories(AMD);
    Files.createDirectories(SET_ASIDE);
    try (Stream<Path> files = Files.list(AMD)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("milan")).toList()) {
        Files.move(f, SET_ASIDE.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    boolean noChainLeft;
    try (Stream<Path> files = Files.list(AMD)) {
      noChainLeft = files.findAny().isEmpty();
    }
    if (noChainLeft) {
      awaitReadiness(503);
      // the reason the server gives once it has rescanned the (now empty) directory
      URI consoleReady =
          URI.create(System.getProperty("kbs.it.console-url", "https://localhost:18444"))
              .resolve("/health/ready");
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      String body = new KbsHttp().get(consoleReady.toString()).body();
      while (!body.contains("no AMD chain file") && Instant.now().isBefore(deadline)) {
        Thread.sleep(1000);
        body = new KbsHttp().get(consoleReady.toString()).body();
      }
      assertThat(body)
          .as("readiness DOWN names the az-snp-vtpm reason on the console listener")
          .contains("az-snp-vtpm verifier cannot work")
          .contains("no AMD chain file");
    }
    Files.copy(
        testdata.resolve("amd/milan_ask_ark_asvk.pem"),
        AMD.resolve("milan_ask_ark_asvk.pem"),
        StandardCopyOption.REPLACE_EXISTING);

    KbsHttp.Reply before = new KbsHttp().get("/kbs/v0/reference-value/" + PCR, Admin.auth());
    previousPcrValue = before.status() == 200 ? before.json() : null;
    assertThat(registerPcr11(KbsHttp.JSON.createArrayNode().add(OTHER_PCR)).status())
        .isEqualTo(200);

    // The server rescans kbs.amd.certs-dir at most every 10 s.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    KbsHttp.Reply r = realEvidence();
    while (r.status() != 200 && Instant.now().isBefore(deadline)) {
      Thread.sleep(2000);
      r = realEvidence();
    }
    assertThat(r.status())
        .as("real evidence with the real Milan chain: " + r.body())
        .isEqualTo(200);
    awaitReadiness(200);
  }

  /**
   * Readiness on the KBS listener reaches {@code status} (the AMD chain is rescanned every 10 s).
   */
  private static void awaitReadiness(int status) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    int last = new KbsHttp().get("/health/ready").status();
    while (last != status && Instant.now().isBefore(deadline)) {
      Thread.sleep(1000);
      last = new KbsHttp().get("/health/ready").status();
    }
    assertThat(last).as("/health/ready").isEqualTo(status);
  }

  @AfterAll
  static void restore() throws Exception {
    if (!Files.isDirectory(SET_ASIDE)) {
      return;
    }
    Files.deleteIfExists(AMD.resolve("milan_ask_ark_asvk.pem"));
    try (Stream<Path> files = Files.list(SET_ASIDE)) {
      for (Path f : files.toList()) {
        Files.move(f, AMD.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.delete(SET_ASIDE);
    if (!amdDirWasThere) {
      // an empty certs directory would be an unusable AMD chain: readiness DOWN for later ITs
      Files.delete(AMD);
    }
    if (previousPcrValue != null && previousPcrValue.isArray()) {
      registerPcr11(previousPcrValue);
    } else {
      new KbsHttp().send("DELETE", "/kbs/v0/reference-value/" + PCR, null, Admin.auth());
    }
  }

  @Test
  void refusedEvidenceLeavesARecordNamingTheCheckAndTheCliListsIt() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    String nonce = guest.auth().json().get("nonce").asText();
    byte[] otherData = guest.reportData("not-the-nonce");
    KbsHttp.Reply r =
        guest.http.postJson("/kbs/v0/attest", guest.attestationBody(nonce, otherData));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorType()).isEqualTo("AttestationError");

    KbsHttp.Reply records =
        new KbsHttp().get("/kbs/v0/appraisal?session=" + guest.http.sessionCookie(), Admin.auth());
    assertThat(records.status()).as(records.body()).isEqualTo(200);
    assertThat(records.json()).hasSize(1);
    JsonNode record = records.json().get(0);
    assertThat(record.get("status").asText()).isEqualTo("refused");
    String check = record.at("/record/refused/check").asText();
    assertThat(check).isNotBlank();
    assertThat(r.json().get("detail").asText()).contains(check);

    ItCli.Run table = ItCli.admin("appraisals", "--failed", "--limit", "200");
    assertThat(table.status()).as(table.err()).isZero();
    String guestRef = "session#" + sha256Hex(guest.http.sessionCookie()).substring(0, 12);
    assertThat(table.out().lines())
        .first()
        .asString()
        .contains("TIME", "GUEST", "TEE", "STATUS", "FAILED");
    assertThat(table.out().lines().filter(l -> l.contains(guestRef)).toList())
        .singleElement()
        .asString()
        .contains("sample", "refused", "refused: " + check);
  }

  @Test
  void aRealEvidencePcrMismatchIsNamedInTheLogAndTheCliShowsTheDiff() throws Exception {
    KbsHttp.Reply r = realEvidence();
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode tpm =
        payload(r.body()).at("/submods/cpu0/ear.veraison.annotated-evidence/az-snp-vtpm/tpm");
    String observed = tpm.get("pcr11").asText();
    assertThat(observed).hasSize(64).isNotEqualTo(OTHER_PCR);

    String line = lastLogLineContaining("attestation failed: as-api tee=az-snp-vtpm");
    assertThat(line).contains("pcr11 expected=[" + OTHER_PCR + "] observed=" + observed);
    long id = Long.parseLong(line.replaceAll(".* appraisal=([0-9]+) .*", "$1"));

    ItCli.Run diff = ItCli.admin("appraisal", Long.toString(id));
    assertThat(diff.status()).as(diff.err()).isZero();
    assertThat(diff.out()).contains("appraisal " + id, "az-snp-vtpm", "PCR", "EXPECTED");
    assertThat(diff.out().lines().filter(l -> l.contains(OTHER_PCR)).toList())
        .singleElement()
        .asString()
        .contains("11", observed);
  }

  /** The real az-snp-vtpm evidence through {@code POST /attestation}, bound to "challenge". */
  private static KbsHttp.Reply realEvidence() throws Exception {
    byte[] evidence = Files.readAllBytes(testdata().resolve("az-snp-vtpm/evidence-v1.json"));
    ObjectNode body = KbsHttp.JSON.createObjectNode();
    ObjectNode r = body.putArray("verification_requests").addObject();
    r.put("tee", "az-snp-vtpm");
    r.put("evidence", Base64.getUrlEncoder().withoutPadding().encodeToString(evidence));
    r.putObject("runtime_data")
        .put(
            "raw",
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("challenge".getBytes(StandardCharsets.US_ASCII)));
    body.putArray("policy_ids");
    return new KbsHttp().postJson("/attestation", body, Admin.auth());
  }

  private static KbsHttp.Reply registerPcr11(JsonNode values) throws Exception {
    return ItDevState.register(PCR, values);
  }

  private static String lastLogLineContaining(String text) throws Exception {
    List<String> hits = new ArrayList<>();
    for (String l :
        Files.readAllLines(ItServer.messagesLog(ItServer.name()), StandardCharsets.UTF_8)) {
      if (l.contains(text)) {
        hits.add(l);
      }
    }
    assertThat(hits).as("a line with: " + text).isNotEmpty();
    return hits.get(hits.size() - 1);
  }

  private static JsonNode payload(String token) throws Exception {
    return KbsHttp.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
  }

  private static String sha256Hex(String s) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
