/**
 * The one place for key and certificate plumbing: PEM reading and writing ({@link
 * io.trustee.kbs.crypto.Pem}), key-pair generation, the self-signed TLS certificate and PKCS#12
 * keystore made on first start, and SHA-2 digests ({@link io.trustee.kbs.crypto.Digests}).
 * Stateless; Bouncy Castle is used only for what the JDK lacks (PEM parsing, certificate building).
 */
package io.trustee.kbs.crypto;
