package io.trustee.kbs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.protocol.SessionId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The appraisal status keeps the strings the database column holds and the admin API prints. */
class AppraisalStatusTest {

  @Test
  void wireStringsAreTheStoredOnes() {
    assertThat(AppraisalStatus.of(true).wire()).isEqualTo("affirming");
    assertThat(AppraisalStatus.of(false).wire()).isEqualTo("not-affirming");
    assertThat(AppraisalStatus.AFFIRMING).hasToString("affirming");
    assertThat(AppraisalStatus.REFUSED.wire()).isEqualTo("refused");
  }

  @Test
  void everyStatusReadsBackFromItsWireString() {
    for (AppraisalStatus s : AppraisalStatus.values()) {
      assertThat(AppraisalStatus.fromWire(s.wire())).isSameAs(s);
    }
  }

  @Test
  void unknownOrDifferentlySpelledStatusIsRefused() {
    assertThatThrownBy(() -> AppraisalStatus.fromWire("AFFIRMING"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AppraisalStatus.fromWire("warning"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AppraisalStatus.fromWire(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void newAppraisalCopiesItsRecordInAndOut() {
    ObjectNode record = JsonNodeFactory.instance.objectNode().put("a", 1);
    NewAppraisal n =
        new NewAppraisal(
            Optional.of(SessionId.random()),
            "00".repeat(32),
            Instant.EPOCH,
            "sample",
            AppraisalStatus.AFFIRMING,
            record);
    record.put("a", 2);
    n.record().put("a", 3);
    assertThat(n.record().get("a").intValue()).isEqualTo(1);
  }

  @Test
  void newAppraisalNeedsEveryField() {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    assertThatThrownBy(
            () ->
                new NewAppraisal(
                    null, "h", Instant.EPOCH, "sample", AppraisalStatus.AFFIRMING, record))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () -> new NewAppraisal(Optional.empty(), "h", Instant.EPOCH, "sample", null, record))
        .isInstanceOf(NullPointerException.class);
  }
}
