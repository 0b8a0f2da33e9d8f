package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.rvps.InMemoryReferenceValueRepository;
import io.trustee.kbs.rvps.ProvenanceVerifier;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.ReferenceValueService;
import io.trustee.kbs.store.AppraisalOutline;
import io.trustee.kbs.store.AppraisalRepository;
import io.trustee.kbs.store.AppraisalStatus;
import io.trustee.kbs.store.NewAppraisal;
import io.trustee.kbs.store.StoredAppraisal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * With {@code kbs.rvps.require-signed}, the two admin paths that store reference values without a
 * registration message (promotion of an appraisal, an event log with {@code register=true}) are
 * refused like an unsigned message, and store nothing; without it they store as before.
 */
class AppraisalAdminServiceProvenanceTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  final InMemoryReferenceValueRepository values = new InMemoryReferenceValueRepository();

  private AppraisalAdminService service(boolean requireSigned) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    ProvenanceVerifier provenance =
        requireSigned
            ? new ProvenanceVerifier(
                List.of(g.generateKeyPair().getPublic()),
                ProvenanceVerifier.DEFAULT_ALGORITHMS,
                true)
            : ProvenanceVerifier.unsignedAllowed();
    Clock fixed = Clock.fixed(NOW, ZoneOffset.UTC);
    AppraisalAdminService s = new AppraisalAdminService();
    s.clock = fixed;
    s.rvps =
        new RvpsConfig() {
          @Override
          public ReferenceValueService service() {
            return new ReferenceValueService(values, provenance, fixed);
          }
        };
    s.appraisals = new OneRecord();
    return s;
  }

  @Test
  void promotionIsRefusedWhileSignaturesAreRequired() throws Exception {
    AppraisalAdminService s = service(true);
    assertThatThrownBy(() -> s.promote(7))
        .isInstanceOfSatisfying(
            KbsException.class,
            e -> {
              assertThat(e.error()).isEqualTo(KbsError.RvpsError);
              assertThat(e.refusal()).contains(KbsException.Refusal.FORBIDDEN);
              assertThat(e.detail())
                  .contains("kbs.rvps.require-signed")
                  .contains("signed RVPS message");
            });
    assertThat(values.findAll()).isEmpty();
    assertThat(s.proposal(7)).hasSize(1); // review still works
  }

  @Test
  void promotionStoresWhenSignaturesAreOptional() throws Exception {
    assertThat(service(false).promote(7)).containsExactly("snp_pcr11");
    assertThat(values.findByName("snp_pcr11")).isPresent();
  }

  @Test
  void eventLogRegistrationIsRefusedWhileSignaturesAreRequired() throws Exception {
    AppraisalAdminService s = service(true);
    assertThatThrownBy(() -> s.fromEventLog(eventLog(), "sha256", "snp", true))
        .isInstanceOfSatisfying(
            KbsException.class,
            e -> assertThat(e.refusal()).contains(KbsException.Refusal.FORBIDDEN));
    assertThat(values.findAll()).isEmpty();
    assertThat(s.fromEventLog(eventLog(), "sha256", "snp", false)).hasSize(1);
    assertThat(values.findAll()).isEmpty();
  }

  @Test
  void eventLogRegistrationStoresWhenSignaturesAreOptional() throws Exception {
    service(false).fromEventLog(eventLog(), "sha256", "snp", true);
    assertThat(values.findByName("snp_pcr07")).isPresent();
  }

  /** One failed appraisal (id 7) proposing PCR 11. */
  static final class OneRecord implements AppraisalRepository {
    @Override
    public long add(NewAppraisal appraisal) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<StoredAppraisal> find(long id) {
      if (id != 7) {
        return Optional.empty();
      }
      ObjectNode record = JsonNodeFactory.instance.objectNode();
      record
          .putArray("proposed_reference_values")
          .add(
              ReferenceValue.withDefaultExpiry(
                      "snp_pcr11", JsonNodeFactory.instance.arrayNode().add("ab".repeat(32)), NOW)
                  .toJson());
      return Optional.of(
          new StoredAppraisal(
              7, "s", "t", NOW, "az-snp-vtpm", AppraisalStatus.NOT_AFFIRMING, record));
    }

    @Override
    public Optional<StoredAppraisal> findBySession(String sessionId) {
      return Optional.empty();
    }

    @Override
    public Optional<StoredAppraisal> findByTokenHash(String tokenHash) {
      return Optional.empty();
    }

    @Override
    public List<StoredAppraisal> recent(Instant since, int limit) {
      return List.of();
    }

    @Override
    public List<AppraisalOutline> outlines(Instant since, int limit) {
      return List.of();
    }

    @Override
    public List<StoredAppraisal> recentNotAffirming(Instant since, int limit) {
      return List.of();
    }

    @Override
    public int purgeOlderThan(Instant before, int maxRows) {
      return 0;
    }

    @Override
    public long count() {
      return 1;
    }

    @Override
    public int evictOldest(long keep, int maxBatch) {
      return 0;
    }
  }

  /** A crypto-agile TCG log (sha256 only) with one measurement into PCR 7. */
  static byte[] eventLog() {
    ByteBuffer spec = le(16 + 4 + 4 + 4 + 4 + 1);
    spec.put("Spec ID Event03\0".getBytes())
        .putInt(0)
        .put((byte) 0)
        .put((byte) 2)
        .put((byte) 0)
        .put((byte) 2)
        .putInt(1)
        .putShort((short) 0x000B)
        .putShort((short) 32)
        .put((byte) 0);
    byte[] specData = spec.array();
    ByteBuffer header = le(4 + 4 + 20 + 4 + specData.length);
    header.putInt(0).putInt(3).put(new byte[20]).putInt(specData.length).put(specData);
    byte[] digest = new byte[32];
    digest[0] = 1;
    ByteBuffer event = le(4 + 4 + 4 + 2 + 32 + 4);
    event.putInt(7).putInt(0x0000000D).putInt(1).putShort((short) 0x000B).put(digest).putInt(0);
    return ByteBuffer.allocate(header.capacity() + event.capacity())
        .put(header.array())
        .put(event.array())
        .array();
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
