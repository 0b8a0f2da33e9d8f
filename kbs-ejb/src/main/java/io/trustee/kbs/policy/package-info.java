/**
 * Policy evaluation on the Rego engine: the KBS resource policy ({@code data.policy.allow}) and the
 * default policy texts shipped with the server. Plain Java; the façades in {@code
 * io.trustee.kbs.service} load the stored texts and call in here.
 */
package io.trustee.kbs.policy;
