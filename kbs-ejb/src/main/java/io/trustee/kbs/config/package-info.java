/**
 * Reading the upstream {@code kbs-config} file ({@code .toml} or {@code .json}) in all its field
 * layouts (kbs-config.md §2.9: flat F, sectioned A/B/C) into the typed, immutable {@link
 * io.trustee.kbs.config.KbsConfig} record tree. Unknown keys are collected for a warning, never
 * fatal; malformed values, unknown enum values and referenced key files that do not exist fail with
 * {@link io.trustee.kbs.config.KbsConfigException} naming the key. {@link
 * io.trustee.kbs.config.LibertyServerConfig} is the launcher's pre-start step that turns the {@code
 * [http_server]} keys into a Liberty config dropin; it runs outside the container and may use only
 * this package, {@code io.trustee.kbs.crypto}, Jackson and Bouncy Castle.
 */
package io.trustee.kbs.config;
