/**
 * Secrets served by the resource plugin: {@link io.trustee.kbs.resource.ResourcePath} (the
 * validated {@code repository/type/tag} key of kbs-protocol.md §8.1), the at-rest envelope {@link
 * io.trustee.kbs.resource.ResourceCipher} under a {@link io.trustee.kbs.resource.KeyEncryptionKey},
 * and {@link io.trustee.kbs.resource.LegacyResourceDirectory} for importing the upstream LocalFs
 * directory layout at start. {@link io.trustee.kbs.resource.ContainersPolicy} checks the
 * containers-policy.json documents stored as {@code <repo>/security-policy/<tag>} resources.
 */
package io.trustee.kbs.resource;
