/**
 * Operator-mounted secret files imported into the resource store (the upstream LocalFs layout
 * {@code <repo>/<type>/<tag>}): the importer owns the entries it wrote, so a file removed from the
 * mount is removed from the store. Plain Java over the {@code store} port; {@code
 * service/MountedFiles} runs it at start and on the file watch.
 */
package io.trustee.kbs.mounted;
