package io.trustee.kbs.attestation.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmdRootStoreTest {

  static String pem(X509Certificate... certs) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (X509Certificate c : certs) {
      sb.append("-----BEGIN CERTIFICATE-----\n")
          .append(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded()))
          .append("\n-----END CERTIFICATE-----\n");
    }
    return sb.toString();
  }

  static List<X509Certificate> chain(String gen) {
    return TestVectors.certificates("amd/" + gen + "_ask_ark_asvk.pem"); // ASK, ARK, ASVK
  }

  @Test
  void loadsTheThreeOfficialChainsAsPinned() throws Exception {
    AmdRootStore store = AmdRootStore.load(TestVectors.path("amd"), false);
    assertThat(store.generations()).containsExactlyInAnyOrder(ProductGeneration.values());
    assertThat(store.usesUnpinnedRoots()).isFalse();
    assertThat(store.unpinnedRootsAllowed()).isFalse();
    for (ProductGeneration g : ProductGeneration.values()) {
      AmdChain c = store.chain(g).orElseThrow();
      assertThat(c.pinned()).isTrue();
      assertThat(c.asvk()).isPresent();
      assertThat(c.ark().getSubjectX500Principal().getName()).contains("CN=ARK-" + g.displayName());
    }
  }

  @Test
  void pinsAreTheReadmeFingerprintsOfTheArks() throws Exception {
    for (ProductGeneration g : ProductGeneration.values()) {
      byte[] der = chain(g.fileName()).get(1).getEncoded();
      assertThat(Bytes.toHex(MessageDigest.getInstance("SHA-384").digest(der)))
          .isEqualTo(AmdRootStore.PINNED_ARK_SHA384.get(g));
    }
    String readme = TestVectors.text("README.md").replace(":", "").toLowerCase();
    AmdRootStore.PINNED_ARK_SHA384.values().forEach(fp -> assertThat(readme).contains(fp));
  }

  @Test
  void acceptsTheKdsCertChainLayoutWithoutAsvk(@TempDir Path dir) throws Exception {
    Path genoa = Files.createDirectory(dir.resolve("Genoa"));
    List<X509Certificate> g = chain("genoa");
    Files.writeString(genoa.resolve("cert_chain"), pem(g.get(0), g.get(1)));
    List<X509Certificate> m = chain("milan");
    Files.writeString(dir.resolve("milan_cert_chain.pem"), pem(m.get(1), m.get(0)));
    Files.writeString(dir.resolve("README.txt"), "ignored");

    AmdRootStore store = AmdRootStore.load(dir, false);
    assertThat(store.generations())
        .containsExactlyInAnyOrder(ProductGeneration.GENOA, ProductGeneration.MILAN);
    assertThat(store.chain(ProductGeneration.GENOA).orElseThrow().asvk()).isEmpty();
  }

  @Test
  void refusesAnAskNotSignedByTheArk(@TempDir Path dir) throws Exception {
    // Built-in data corrupted (spec F18): one bit of the ASK's signature value flipped.
    List<X509Certificate> m = chain("milan");
    byte[] ask = m.get(0).getEncoded();
    ask[ask.length - 10] ^= 1; // inside the signature value
    String tampered =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(ask)
            + "\n-----END CERTIFICATE-----\n";
    Files.writeString(dir.resolve("milan_ask_ark_asvk.pem"), tampered + pem(m.get(1)));
    assertThatThrownBy(() -> AmdRootStore.load(dir, false))
        .isInstanceOf(AmdRootStoreException.class)
        .hasMessageContaining("not signed by the ARK");
  }

  @Test
  void refusesAFileWithoutTheGenerationsArk(@TempDir Path dir) throws Exception {
    List<X509Certificate> g = chain("genoa");
    Files.writeString(dir.resolve("milan_cert_chain"), pem(g.get(0), g.get(1)));
    assertThatThrownBy(() -> AmdRootStore.load(dir, false)).hasMessageContaining("lacks ARK-Milan");
  }

  @Test
  void refusesEmptyMissingAndAmbiguousDirectories(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> AmdRootStore.load(dir, false)).hasMessageContaining("no AMD chain");
    assertThatThrownBy(() -> AmdRootStore.load(dir.resolve("absent"), true))
        .hasMessageContaining("not found");
    List<X509Certificate> m = chain("milan");
    Files.writeString(dir.resolve("milan_cert_chain"), pem(m.get(0), m.get(1)));
    Files.writeString(dir.resolve("milan_cert_chain.pem"), pem(m.get(0), m.get(1)));
    assertThatThrownBy(() -> AmdRootStore.load(dir, false)).hasMessageContaining("two chain files");
  }

  @Test
  void refusesGarbage(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("turin_cert_chain"), "not a pem".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> AmdRootStore.load(dir, false))
        .isInstanceOf(AmdRootStoreException.class);
  }
}
