/**
 * Small, dependency-free helpers shared by every parser and crypto check in the domain: a
 * bounds-checked {@link io.trustee.kbs.util.ByteReader} for wire structures and {@link
 * io.trustee.kbs.util.Bytes} for constant-time comparison and hex, and {@link
 * io.trustee.kbs.util.LogSafe} for values written to log lines (escaped, session ids hashed).
 */
package io.trustee.kbs.util;
