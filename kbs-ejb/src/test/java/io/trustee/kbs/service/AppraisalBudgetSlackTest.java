package io.trustee.kbs.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppraisalBudgetSlackTest {
  @Test
  void slackIsOnePercentBetweenOneAndABatch() {
    assertThat(AppraisalBudget.slack(1)).isEqualTo(1);
    assertThat(AppraisalBudget.slack(20)).isEqualTo(1);
    assertThat(AppraisalBudget.slack(10_000)).isEqualTo(100);
    assertThat(AppraisalBudget.slack(2_000_000)).isEqualTo(AppraisalBudget.BATCH);
  }

  @Test
  void purgesRunBatchesUntilOneComesBackShort() {
    var batches = new ArrayDeque<>(List.of(PurgeBatches.BATCH, PurgeBatches.BATCH, 7, 99));
    assertThat(Housekeeping.inBatches(batches::removeFirst)).isEqualTo(2L * PurgeBatches.BATCH + 7);
    assertThat(batches).containsExactly(99);
  }
}
