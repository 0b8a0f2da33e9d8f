package io.trustee.kbs.as;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.trustee.kbs.rvps.InMemoryReferenceValueRepository;
import io.trustee.kbs.rvps.ProvenanceVerifier;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.ReferenceValueService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecordingReferenceValueLookupTest {
  private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

  /** Counts the repository calls an appraisal makes. */
  private static final class Counting extends InMemoryReferenceValueRepository {
    final AtomicInteger single = new AtomicInteger();
    final AtomicInteger batches = new AtomicInteger();

    @Override
    public synchronized java.util.Optional<ReferenceValue> findByName(String name) {
      single.incrementAndGet();
      return super.findByName(name);
    }

    @Override
    public Map<String, ReferenceValue> findByNames(Collection<String> names) {
      batches.incrementAndGet();
      Map<String, ReferenceValue> out = new java.util.LinkedHashMap<>();
      for (String n : names) {
        super.findByName(n).ifPresent(v -> out.put(n, v));
      }
      return out;
    }
  }

  @Test
  void theTeesMappedValuesAreReadInOneCallAndOthersOneByOne() {
    Counting repo = new Counting();
    List<String> mapped = ClaimPaths.names("az-snp-vtpm");
    assertThat(mapped).hasSizeGreaterThan(2);
    repo.store(
        new ReferenceValue(
            mapped.get(0),
            JsonNodeFactory.instance.arrayNode().add("aa"),
            NOW.plusSeconds(3600),
            "1"),
        null);
    ReferenceValueService service =
        new ReferenceValueService(
            repo, ProvenanceVerifier.unsignedAllowed(), Clock.fixed(NOW, ZoneOffset.UTC));
    RecordingReferenceValueLookup lookup =
        new RecordingReferenceValueLookup(service, "az-snp-vtpm");

    assertThat(lookup.query(mapped.get(0))).isPresent();
    assertThat(lookup.query(mapped.get(1))).isEmpty();
    assertThat(lookup.query(mapped.get(2))).isEmpty();
    assertThat(repo.batches).hasValue(1);
    assertThat(repo.single).hasValue(0);

    assertThat(lookup.query("not-mapped-by-any-tee")).isEmpty();
    assertThat(repo.single).hasValue(1);
    assertThat(repo.batches).hasValue(1);
  }
}
