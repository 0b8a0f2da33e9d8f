package io.trustee.kbs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.sim.AzSnpVtpmSimulator;
import io.trustee.kbs.sim.Fault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * az-snp-vtpm end to end: guests simulated with their own test AMD chain (installed into the
 * server's {@code kbs.amd.certs-dir} at run time; the test server allows unpinned roots) attest
 * through the full KBS protocol; forged evidence is refused with the failed check named; with the
 * strict resource policy a secret is released only once the registered reference values make the
 * appraisal affirming, and a denial says which checks failed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AzSnpVtpmIT {
  private static AzSnpVtpmSimulator sim;

  @BeforeAll
  static void installSimulatorChain() throws Exception {
    // A fresh launch measurement per run: reference values registered by an earlier run against
    // the same database must not make this run's "unknown" guest affirming.
    byte[] measurement = new byte[48];
    new java.security.SecureRandom().nextBytes(measurement);
    sim = AzSnpVtpmSimulator.builder().measurement(measurement).build();
    Path amd = KbsHttp.dataDir().resolve("amd");
    sim.writeChainTo(amd);
    assertThat(Admin.putSecret("default/key/it-azure", "azure-guest-secret").status())
        .isEqualTo(200);
    // The server rescans kbs.amd.certs-dir at most every 10 s.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      KbsHttp.Reply r = attestWith(SampleGuest.ec(), "az-snp-vtpm");
      if (r.status() == 200 || Instant.now().isAfter(deadline)) {
        assertThat(r.status())
            .as("az-snp-vtpm verifier with the simulator chain: " + r.body())
            .isEqualTo(200);
        return;
      }
      Thread.sleep(2000);
    }
  }

  @AfterAll
  static void reopenPolicy() throws Exception {
    Admin.setResourcePolicy(Admin.ALLOW_ALL);
  }

  private static KbsHttp.Reply attestWith(SampleGuest guest, String tee, Fault... faults)
      throws Exception {
    String nonce = guest.auth(tee).json().get("nonce").asText();
    JsonNode evidence = KbsHttp.JSON.readTree(sim.evidenceV2(guest.reportData(nonce), faults));
    return guest.http.postJson("/kbs/v0/attest", guest.attestationBody(nonce, evidence));
  }

  @Test
  @Order(1)
  void simulatedGuestAttestsWithBothTeeNamesAndGetsTheSecret() throws Exception {
    for (String tee : new String[] {"az-snp-vtpm", "azsnpvtpm"}) {
      SampleGuest guest = SampleGuest.ec();
      KbsHttp.Reply t = attestWith(guest, tee);
      assertThat(t.status()).as(tee + ": " + t.body()).isEqualTo(200);
      JsonNode claims = payload(t.json().get("token").asText());
      assertThat(
              claims
                  .at("/submods/cpu0/ear.veraison.annotated-evidence/az-snp-vtpm/measurement")
                  .asText())
          .isEqualTo(Base64.getEncoder().encodeToString(sim.measurement()));
      KbsHttp.Reply r = guest.http.get("/kbs/v0/resource/default/key/it-azure");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(new String(guest.decrypt(r.json()), StandardCharsets.UTF_8))
          .isEqualTo("azure-guest-secret");
    }
  }

  @Test
  @Order(2)
  void forgedEvidenceIsRefusedWithTheFailedCheckNamed() throws Exception {
    Map<Fault, String> cases =
        Map.of(
            Fault.WRONG_NONCE, "nonce mismatch",
            Fault.PCR_CHANGED_AFTER_QUOTE, "pcr-digest mismatch",
            Fault.QUOTE_SIGNED_BY_OTHER_AK, "quote signature invalid");
    for (Map.Entry<Fault, String> c : cases.entrySet()) {
      KbsHttp.Reply r = attestWith(SampleGuest.ec(), "az-snp-vtpm", c.getKey());
      assertThat(r.status()).as(c.getKey().toString()).isEqualTo(401);
      assertThat(r.errorType()).isEqualTo("AttestationError");
      assertThat(r.json().get("detail").asText()).as(c.getKey().toString()).contains(c.getValue());
    }
  }

  @Test
  @Order(3)
  void evidenceFromAnotherSessionIsRefused() throws Exception {
    SampleGuest guest = SampleGuest.ec();
    String nonce = guest.auth("az-snp-vtpm").json().get("nonce").asText();
    SampleGuest other = SampleGuest.ec();
    String otherNonce = other.auth("az-snp-vtpm").json().get("nonce").asText();
    JsonNode evidence = KbsHttp.JSON.readTree(sim.evidenceV2(other.reportData(otherNonce)));
    KbsHttp.Reply r = guest.http.postJson("/kbs/v0/attest", guest.attestationBody(nonce, evidence));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("detail").asText()).contains("nonce mismatch");
  }

  @Test
  @Order(4)
  void strictPolicyReleasesOnlyToAffirmingGuests() throws Exception {
    assertThat(Admin.setResourcePolicy(Admin.AFFIRMING_ONLY).status()).isEqualTo(200);

    SampleGuest unknown = SampleGuest.ec();
    KbsHttp.Reply t = attestWith(unknown, "az-snp-vtpm");
    assertThat(t.status()).isEqualTo(200);
    JsonNode claims =
        payload(t.json().get("token").asText())
            .at("/submods/cpu0/ear.veraison.annotated-evidence/az-snp-vtpm");
    KbsHttp.Reply denied = unknown.http.get("/kbs/v0/resource/default/key/it-azure");
    assertThat(denied.status()).isEqualTo(401);
    assertThat(denied.errorType()).isEqualTo("PolicyDeny");
    String why = denied.json().get("detail").asText();
    assertThat(why).contains("measurement");
    assertThat(why).doesNotContain(claims.get("measurement").asText());

    assertThat(registerReferenceValuesFor(claims).status()).isEqualTo(200);
    SampleGuest known = SampleGuest.ec();
    assertThat(attestWith(known, "az-snp-vtpm").status()).isEqualTo(200);
    KbsHttp.Reply released = known.http.get("/kbs/v0/resource/default/key/it-azure");
    assertThat(released.status()).as(released.body()).isEqualTo(200);
    assertThat(new String(known.decrypt(released.json()), StandardCharsets.UTF_8))
        .isEqualTo("azure-guest-secret");
  }

  @Test
  @Order(5)
  void aGuestWhosePolicyAllowsDebugOrAMigrationAgentIsContraindicatedAndGetsNothing()
      throws Exception {
    // runs after order 4: the reference values of this simulated guest are registered
    assertThat(Admin.setResourcePolicy(Admin.AFFIRMING_ONLY).status()).isEqualTo(200);
    SampleGuest clean = SampleGuest.ec();
    KbsHttp.Reply ok = attestWith(clean, "az-snp-vtpm");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(payload(ok.json().get("token").asText()).at("/submods/cpu0/ear.status").asText())
        .isEqualTo("affirming");

    for (Fault fault : new Fault[] {Fault.DEBUG_ALLOWED, Fault.MIGRATE_MA_ALLOWED}) {
      SampleGuest guest = SampleGuest.ec();
      KbsHttp.Reply t = attestWith(guest, "az-snp-vtpm", fault);
      assertThat(t.status()).as(fault + ": " + t.body()).isEqualTo(200);
      JsonNode cpu0 = payload(t.json().get("token").asText()).at("/submods/cpu0");
      assertThat(cpu0.get("ear.status").asText()).as(fault.toString()).isEqualTo("contraindicated");
      assertThat(cpu0.at("/ear.trustworthiness-vector/configuration").asInt()).isEqualTo(96);
      KbsHttp.Reply denied = guest.http.get("/kbs/v0/resource/default/key/it-azure");
      assertThat(denied.status()).as(fault.toString()).isEqualTo(401);
      assertThat(denied.errorType()).isEqualTo("PolicyDeny");
    }
  }

  /** Registers, through the admin API, reference values equal to the simulated guest's claims. */
  private static KbsHttp.Reply registerReferenceValuesFor(JsonNode c) throws Exception {
    ObjectNode values = KbsHttp.JSON.createObjectNode();
    values.putArray("measurement").add(c.get("measurement").asText());
    for (Iterator<Map.Entry<String, JsonNode>> it = c.get("tpm").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> pcr = it.next();
      values.putArray("snp_" + pcr.getKey()).add(pcr.getValue().asText());
    }
    String[][] pairs = {
      {"tcb_bootloader", "reported_tcb_bootloader"}, {"tcb_tee", "reported_tcb_tee"},
      {"tcb_snp", "reported_tcb_snp"}, {"tcb_microcode", "reported_tcb_microcode"},
      {"smt_enabled", "platform_smt_enabled"}, {"tsme_enabled", "platform_tsme_enabled"},
      {"abi_major", "policy_abi_major"}, {"abi_minor", "policy_abi_minor"},
      {"single_socket", "policy_single_socket"}, {"smt_allowed", "policy_smt_allowed"},
    };
    for (String[] p : pairs) {
      values.putArray(p[0]).add(c.get(p[1]).asText());
    }
    ObjectNode message = KbsHttp.JSON.createObjectNode();
    message.put("version", "0.1.0");
    message.put("type", "sample");
    message.put(
        "payload",
        Base64.getEncoder().encodeToString(values.toString().getBytes(StandardCharsets.UTF_8)));
    return new KbsHttp().postJson("/kbs/v0/reference-value", message, Admin.auth());
  }

  private static JsonNode payload(String token) throws Exception {
    return KbsHttp.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
  }
}
