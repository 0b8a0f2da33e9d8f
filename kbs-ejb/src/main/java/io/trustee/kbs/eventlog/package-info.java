/**
 * TCG PC Client firmware event logs ({@code /sys/kernel/security/tpm0/binary_bios_measurements}): a
 * bounds-checked parser for the crypto-agile and the legacy SHA-1 layouts, a replay that computes
 * the final PCR value of every bank the log extends, and the conversion of those values into
 * reference values for the RVPS. Plain Java; every type here is immutable or stateless.
 */
package io.trustee.kbs.eventlog;
