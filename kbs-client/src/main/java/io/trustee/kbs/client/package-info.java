/**
 * The {@code kbs-client} command line: offline conversion of TCG event logs into reference values,
 * the guest side of the RCAR handshake (attest, fetch and decrypt a resource) and the admin API
 * (resources, policies, reference values, appraisals, policy dry runs). Commands are picocli
 * classes; the protocol pieces they share ({@link io.trustee.kbs.client.KbsHttp}, {@link
 * io.trustee.kbs.client.AdminToken}, {@link io.trustee.kbs.client.JweDecryptor}, {@link
 * io.trustee.kbs.client.RcarClient}) are small plain classes that unit tests drive directly. The
 * {@code Load*} classes are the load tool ({@code load}, {@code load seed}): simulated guests on
 * their own connections ({@link io.trustee.kbs.client.LoadHttp}, {@link
 * io.trustee.kbs.client.LoadGuest}), the loops ({@link io.trustee.kbs.client.LoadRunner}) and the
 * report.
 */
package io.trustee.kbs.client;
