package io.trustee.kbs.attestation.snp;

import io.trustee.kbs.util.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;

/**
 * The trusted AMD roots, one {@link AmdChain} per product generation, read once from a directory
 * (server configuration {@code kbs.amd.certs-dir}, env {@code KBS_AMD_CERTS_DIR}).
 *
 * <p>Accepted file names, per generation ({@code milan}, {@code genoa}, {@code turin}; case
 * ignored): {@code <gen>_ask_ark_asvk.pem} (upstream's built-in layout: ASK, ARK, ASVK), {@code
 * <gen>_cert_chain.pem}, {@code <gen>_cert_chain} or {@code <gen>/cert_chain} (the file AMD's KDS
 * serves at {@code https://kdsintf.amd.com/vcek/v1/<Gen>/cert_chain}: ASK then ARK). Certificates
 * are recognised by their subject CN ({@code ARK-<Gen>}, {@code SEV-<Gen>}, {@code
 * SEV-VLEK-<Gen>}), not by their position. Other files are ignored; two files for the same
 * generation are refused.
 *
 * <p>Loading fails closed ({@link AmdRootStoreException}) if no chain is found, a signature in a
 * chain does not verify (RSASSA-PSS SHA-384), or an ARK's SHA-384 fingerprint is not AMD's official
 * one for that generation ({@link #PINNED_ARK_SHA384}) — unless {@code allowUnpinnedRoots} ({@code
 * kbs.amd.allow-unpinned-roots}), which exists for tests and labs (e.g. the simulator's chain) and
 * logs a warning on every load. {@link #usesUnpinnedRoots()} tells the readiness check.
 *
 * <p>Immutable and thread-safe after {@link #load}.
 */
public final class AmdRootStore {
  private static final System.Logger LOG = System.getLogger(AmdRootStore.class.getName());

  /** MicroProfile Config property naming the chain directory (env {@code KBS_AMD_CERTS_DIR}). */
  public static final String CONFIG_CERTS_DIR = "kbs.amd.certs-dir";

  /**
   * MicroProfile Config property allowing ARKs other than AMD's (env {@code
   * KBS_AMD_ALLOW_UNPINNED_ROOTS}); default {@code false}.
   */
  public static final String CONFIG_ALLOW_UNPINNED_ROOTS = "kbs.amd.allow-unpinned-roots";

  /**
   * SHA-384 fingerprints (of the DER encoding) of AMD's official ARKs, as published with the
   * upstream built-in chains and listed in {@code shared/testdata/README.md}.
   */
  public static final Map<ProductGeneration, String> PINNED_ARK_SHA384 =
      Collections.unmodifiableMap(
          new EnumMap<>(
              Map.of(
                  ProductGeneration.MILAN,
                  "2f1316273dade9b896875da0acb6bc1c0547d41320ad323cbfbef6570f0305a3"
                      + "e7f8398d0b44bd1f36075295cefcc0db",
                  ProductGeneration.GENOA,
                  "d1b7bcfe685d19e63ca792957371b619cee792db280c312e7a00433d506224d5"
                      + "953ad9d348d74b4e176fba1b6a616eac",
                  ProductGeneration.TURIN,
                  "09da21f0e7d04ac7f1b04306ebc5d65a3c0ebec966170d22fe26c44efcce8be3"
                      + "ed298a80d10fcfa4131c01028fe536d8")));

  private static final Pattern FILE_NAME =
      Pattern.compile("(?i)(milan|genoa|turin)_(ask_ark_asvk\\.pem|cert_chain(\\.pem)?)");
  private static final Pattern CN = Pattern.compile("(?:^|,)\\s*CN=([^,]+)");

  private final Map<ProductGeneration, AmdChain> chains;
  private final boolean allowUnpinnedRoots;

  private AmdRootStore(Map<ProductGeneration, AmdChain> chains, boolean allowUnpinnedRoots) {
    this.chains = Collections.unmodifiableMap(new EnumMap<>(chains));
    this.allowUnpinnedRoots = allowUnpinnedRoots;
  }

  /**
   * Reads and checks every chain file in {@code dir}.
   *
   * @param dir the directory of chain files
   * @param allowUnpinnedRoots accept ARKs other than AMD's (tests and labs only)
   * @throws AmdRootStoreException if the directory is unusable (see class comment)
   */
  public static AmdRootStore load(Path dir, boolean allowUnpinnedRoots)
      throws AmdRootStoreException {
    if (dir == null || !Files.isDirectory(dir)) {
      throw new AmdRootStoreException("AMD certificate directory not found: " + dir);
    }
    if (allowUnpinnedRoots) {
      LOG.log(
          System.Logger.Level.WARNING,
          "kbs.amd.allow-unpinned-roots=true: AMD roots other than the official ARKs are accepted"
              + " from {0}. Use this for tests and labs only.",
          dir);
    }
    Map<ProductGeneration, Path> files = new EnumMap<>(ProductGeneration.class);
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : (Iterable<Path>) entries.sorted()::iterator) {
        Optional<ProductGeneration> gen = generationOf(p);
        if (gen.isEmpty()) {
          continue;
        }
        Path previous = files.put(gen.get(), p);
        if (previous != null) {
          throw new AmdRootStoreException(
              "two chain files for " + gen.get().fileName() + ": " + previous + " and " + p);
        }
      }
    } catch (IOException e) {
      throw new AmdRootStoreException("cannot list " + dir, e);
    }
    if (files.isEmpty()) {
      throw new AmdRootStoreException(
          "no AMD chain file (<generation>_ask_ark_asvk.pem or <generation>_cert_chain) in " + dir);
    }
    Map<ProductGeneration, AmdChain> chains = new EnumMap<>(ProductGeneration.class);
    for (Map.Entry<ProductGeneration, Path> e : files.entrySet()) {
      chains.put(e.getKey(), readChain(e.getKey(), e.getValue(), allowUnpinnedRoots));
    }
    return new AmdRootStore(chains, allowUnpinnedRoots);
  }

  private static Optional<ProductGeneration> generationOf(Path p) {
    String name = p.getFileName().toString();
    if (Files.isDirectory(p)) {
      Path inner = p.resolve("cert_chain");
      return Files.isRegularFile(inner) ? ProductGeneration.fromName(name) : Optional.empty();
    }
    Matcher m = FILE_NAME.matcher(name);
    return m.matches() && Files.isRegularFile(p)
        ? ProductGeneration.fromName(m.group(1))
        : Optional.empty();
  }

  private static AmdChain readChain(ProductGeneration gen, Path path, boolean allowUnpinned)
      throws AmdRootStoreException {
    Path file = Files.isDirectory(path) ? path.resolve("cert_chain") : path;
    List<X509Certificate> certs = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends java.security.cert.Certificate> parsed =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      for (java.security.cert.Certificate c : parsed) {
        certs.add((X509Certificate) c);
      }
    } catch (IOException | CertificateException e) {
      throw new AmdRootStoreException("cannot read certificates from " + file, e);
    }
    String g = gen.displayName();
    X509Certificate ark = byCn(certs, "ARK-" + g, file);
    X509Certificate ask = byCn(certs, "SEV-" + g, file);
    Optional<X509Certificate> asvk =
        certs.stream()
            .filter(c -> ("SEV-VLEK-" + g).equals(cn(c.getSubjectX500Principal())))
            .findFirst();
    if (ark == null || ask == null) {
      throw new AmdRootStoreException(file + " lacks ARK-" + g + " or SEV-" + g);
    }
    if (!ark.getSubjectX500Principal().equals(ark.getIssuerX500Principal())
        || !AmdSignatures.verifyPss(ark, ark.getPublicKey())) {
      throw new AmdRootStoreException("ARK-" + g + " in " + file + " is not self-signed");
    }
    if (!ask.getIssuerX500Principal().equals(ark.getSubjectX500Principal())
        || !AmdSignatures.verifyPss(ask, ark.getPublicKey())) {
      throw new AmdRootStoreException(
          "SEV-" + g + " (ASK) in " + file + " is not signed by the ARK");
    }
    if (asvk.isPresent()
        && (!asvk.get().getIssuerX500Principal().equals(ark.getSubjectX500Principal())
            || !AmdSignatures.verifyPss(asvk.get(), ark.getPublicKey()))) {
      throw new AmdRootStoreException("ASVK in " + file + " is not signed by the ARK");
    }
    String fingerprint = Bytes.toHex(AmdSignatures.sha384(ark));
    boolean pinned = fingerprint.equals(PINNED_ARK_SHA384.get(gen));
    if (!pinned) {
      if (!allowUnpinned) {
        throw new AmdRootStoreException(
            "ARK-"
                + g
                + " in "
                + file
                + " (SHA-384 "
                + fingerprint
                + ") is not AMD's official ARK;"
                + " set kbs.amd.allow-unpinned-roots=true only for tests and labs");
      }
      LOG.log(
          System.Logger.Level.WARNING,
          "Trusting an UNPINNED AMD root ARK-{0} (SHA-384 {1}) from {2}",
          g,
          fingerprint,
          file);
    }
    return new AmdChain(gen, ark, ask, asvk, pinned);
  }

  private static X509Certificate byCn(List<X509Certificate> certs, String cn, Path file)
      throws AmdRootStoreException {
    X509Certificate found = null;
    for (X509Certificate c : certs) {
      if (cn.equals(cn(c.getSubjectX500Principal()))) {
        if (found != null) {
          throw new AmdRootStoreException(file + " holds two certificates with CN " + cn);
        }
        found = c;
      }
    }
    return found;
  }

  /** The subject common name, or an empty string. */
  static String cn(X500Principal p) {
    Matcher m = CN.matcher(p.getName(X500Principal.RFC2253));
    String last = "";
    while (m.find()) {
      last = m.group(1).trim();
    }
    return last;
  }

  /** The chain for a generation, if one was configured. */
  public Optional<AmdChain> chain(ProductGeneration generation) {
    return Optional.ofNullable(chains.get(generation));
  }

  /** The generations with a configured chain. */
  public Set<ProductGeneration> generations() {
    return chains.keySet();
  }

  /** Whether {@code kbs.amd.allow-unpinned-roots} was set for this store. */
  public boolean unpinnedRootsAllowed() {
    return allowUnpinnedRoots;
  }

  /**
   * True if at least one loaded ARK is not an official AMD root. The readiness check should report
   * this, and the server should log it at start-up.
   */
  public boolean usesUnpinnedRoots() {
    return chains.values().stream().anyMatch(c -> !c.pinned());
  }

  @Override
  public String toString() {
    return "AmdRootStore" + chains.keySet() + (usesUnpinnedRoots() ? " (UNPINNED roots)" : "");
  }
}
