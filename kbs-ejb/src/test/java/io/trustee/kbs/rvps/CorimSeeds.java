package io.trustee.kbs.rvps;

/** Hand-built CoRIMs for the fuzz seed corpus (uses {@link CorimExtractorTest}'s encoder). */
public final class CorimSeeds {
  private CorimSeeds() {}

  /** The ACME RoadRunner CoRIM of {@link CorimExtractorTest#corim()}. */
  public static byte[] corim() {
    return CorimExtractorTest.corim();
  }
}
