# Default attestation (EAR) policy for CPU TEEs of Trustee for Jakarta EE, installed as policy id
# "default_cpu" when no policy with that id is stored.
#
# Written for this project after attestation-service.md §7.1 and modelled on the upstream default
# CPU policy; it produces the AR4SI trust claims of the submodule "cpu0" and the extension
# "ear.trustee.identifiers". Differences from upstream:
#   - for az-snp-vtpm guests, every vTPM PCR out of 03, 08, 09, 11 and 12 that has registered
#     reference values (snp_pcrNN) must match, and PCR 11 must always match;
#   - for az-snp-vtpm and snp guests, an SNP guest policy that allows debugging (DEBUG, bit 19) or
#     a migration agent (MIGRATE_MA, bit 18) makes the configuration 96 (contraindicated), whatever
#     the reference values say. Upstream does not look at these bits for az-snp-vtpm at all (a
#     debuggable guest can be affirming) and gives snp only the default 36 (warning);
#   - container images the guest names (init-data, runtime data, digest-pinned images of the agent
#     policy) are compared with the registered image reference values (container_image_refs); a
#     named image whose digest is not registered makes executables 33 (see "Container images");
#     the per-TEE executables rules are therefore named measured_executables.
# Reference values come from the RVPS via query_reference_value(id), which returns null for
# unknown or expired ids ("x in null" is false).
package policy

import rego.v1

# AR4SI values used below (attestation-service.md §5.3):
#   executables   3 approved executables only      33 unrecognised executables (default)
#   hardware      2 genuine, supported hardware    97 unrecognised hardware (default)
#   configuration 2 approved configuration          36 configuration unavailable (default)
#                 3 no known vulnerable settings     96 unacceptable (debuggable or migratable SNP)
#   everything else: 0, no assertion
default executables := 33

# executables as the TEE's measurements alone give it (the rules per TEE below); executables itself
# also takes the named container images into account (see "Container images").
default measured_executables := 33

default hardware := 97

default configuration := 36

default file_system := 0

default instance_identity := 0

default runtime_opaque := 0

default storage_opaque := 0

default sourced_data := 0

trust_claims := {
	"instance-identity": instance_identity,
	"configuration": configuration,
	"executables": executables,
	"file-system": file_system,
	"hardware": hardware,
	"runtime-opaque": runtime_opaque,
	"storage-opaque": storage_opaque,
	"sourced-data": sourced_data,
}

# ---------------------------------------------------------------------------------------------
# az-snp-vtpm: AMD SEV-SNP confidential VM with the Azure vTPM (all claims are strings)

az_snp := input["az-snp-vtpm"]

measured_executables := 3 if {
	az_snp
	az_snp.measurement in query_reference_value("measurement")
	az_snp.tpm.pcr11 in query_reference_value("snp_pcr11")
	az_snp_registered_pcrs_match
}

# PCRs checked only when reference values are registered for them (PCR 11 is always checked).
az_snp_optional_pcrs := ["03", "08", "09", "12"]

az_snp_registered_pcrs_match if {
	every n in az_snp_optional_pcrs {
		az_snp_pcr_acceptable(n)
	}
}

az_snp_pcr_acceptable(n) if {
	query_reference_value(concat("", ["snp_pcr", n])) == null
}

az_snp_pcr_acceptable(n) if {
	az_snp.tpm[concat("", ["pcr", n])] in query_reference_value(concat("", ["snp_pcr", n]))
}

hardware := 2 if {
	az_snp
	az_snp.reported_tcb_bootloader in query_reference_value("tcb_bootloader")
	az_snp.reported_tcb_microcode in query_reference_value("tcb_microcode")
	az_snp.reported_tcb_snp in query_reference_value("tcb_snp")
	az_snp.reported_tcb_tee in query_reference_value("tcb_tee")
}

configuration := 2 if {
	az_snp_debug_and_migration_off
	az_snp.platform_smt_enabled in query_reference_value("smt_enabled")
	az_snp.platform_tsme_enabled in query_reference_value("tsme_enabled")
	az_snp.policy_abi_major in query_reference_value("abi_major")
	az_snp.policy_abi_minor in query_reference_value("abi_minor")
	az_snp.policy_single_socket in query_reference_value("single_socket")
	az_snp.policy_smt_allowed in query_reference_value("smt_allowed")
}

# A guest whose SNP policy allows debugging lets the host read and change its memory, including
# the TEE private key that secrets are wrapped to; a migration agent allowed by the policy can
# export that memory. No reference value can make such a guest trustworthy. The claims are the
# strings "true"/"false"; anything but "false" (or a missing claim) counts as allowed.
configuration := 96 if {
	az_snp
	not az_snp_debug_and_migration_off
}

az_snp_debug_and_migration_off if {
	az_snp
	az_snp.policy_debug_allowed == "false"
	az_snp.policy_migrate_ma == "false"
}

# ---------------------------------------------------------------------------------------------
# snp: bare-metal AMD SEV-SNP guest (typed claims: numbers and booleans)

measured_executables := 3 if {
	input.snp
	input.snp.measurement in query_reference_value("snp_launch_measurement")
}

hardware := 2 if {
	input.snp
	input.snp.reported_tcb_bootloader in query_reference_value("snp_bootloader")
	input.snp.reported_tcb_microcode in query_reference_value("snp_microcode")
	input.snp.reported_tcb_snp in query_reference_value("snp_snp_svn")
	input.snp.reported_tcb_tee in query_reference_value("snp_tee_svn")
}

# Every configuration field equals its registered value ...
configuration := 2 if {
	snp_debug_and_migration_off
	input.snp.platform_smt_enabled == query_reference_value("snp_smt_enabled")
	input.snp.platform_tsme_enabled == query_reference_value("snp_tsme_enabled")
	input.snp.policy_abi_major == query_reference_value("snp_guest_abi_major")
	input.snp.policy_abi_minor == query_reference_value("snp_guest_abi_minor")
	input.snp.policy_single_socket == query_reference_value("snp_single_socket")
	input.snp.policy_smt_allowed == query_reference_value("snp_smt_allowed")
}

# ... or at least debugging and migration agents are not allowed.
else := 3 if {
	snp_debug_and_migration_off
}

snp_debug_and_migration_off if {
	input.snp
	input.snp.policy_debug_allowed == false
	input.snp.policy_migrate_ma == false
}

# ... and never when they are (see az-snp-vtpm above; upstream leaves the default 36).
configuration := 96 if {
	input.snp
	not snp_debug_and_migration_off
}

# ---------------------------------------------------------------------------------------------
# tdx: Intel TDX guest

measured_executables := 3 if {
	tdx_rtmrs_match
	tdx_kernel_event_matches
	tdx_kernel_params_event_matches
}

# grub boot (e.g. GKE): no kernel events in the UEFI log, RTMRs alone
else := 4 if {
	tdx_rtmrs_match
}

tdx_rtmrs_match if {
	input.tdx
	input.tdx.quote.body.rtmr_1 in query_reference_value("rtmr_1")
	input.tdx.quote.body.rtmr_2 in query_reference_value("rtmr_2")
}

tdx_kernel_event_matches if {
	some event in input.tdx.uefi_event_logs
	event.type_name == "EV_EFI_BOOT_SERVICES_APPLICATION"
	"File(kernel)" in event.details.device_paths
	some d in event.digests
	d.digest == query_reference_value("tdvfkernel")
}

tdx_kernel_params_event_matches if {
	some event in input.tdx.uefi_event_logs
	event.type_name == "EV_EVENT_TAG"
	event.details.string == "LOADED_IMAGE::LoadOptions"
	some d in event.digests
	d.digest == query_reference_value("tdvfkernelparams")
}

# TDX quote signed by the Intel quoting enclave, known TD firmware, up-to-date TCB.
tdx_intel_qe_vendor := "939a7233f79c4ca9940a0db3957f0607"

hardware := 2 if {
	input.tdx
	input.tdx.quote.header.tee_type == "81000000"
	input.tdx.quote.header.vendor_id == tdx_intel_qe_vendor
	input.tdx.quote.body.mr_td in query_reference_value("mr_td")
	input.tdx.tcb_status == "UpToDate"
	input.tdx.collateral_expiration_status == "0"
}

configuration := 2 if {
	input.tdx
	input.tdx.td_attributes.debug == false
	input.tdx.quote.body.xfam in query_reference_value("xfam")
}

# ---------------------------------------------------------------------------------------------
# az-tdx-vtpm: Intel TDX confidential VM with the Azure vTPM

az_tdx := input["az-tdx-vtpm"]

measured_executables := 3 if {
	az_tdx
	az_tdx.tpm.pcr11 in query_reference_value("tdx_pcr11")
}

hardware := 2 if {
	az_tdx
	az_tdx.quote.header.tee_type == "81000000"
	az_tdx.quote.header.vendor_id == tdx_intel_qe_vendor
	az_tdx.quote.body.mr_td in query_reference_value("mr_td")
	az_tdx.tcb_status == "UpToDate"
}

configuration := 2 if {
	az_tdx
	az_tdx.quote.body.xfam in query_reference_value("xfam")
}

# ---------------------------------------------------------------------------------------------
# tpm: plain TPM attester

hardware := 2 if {
	input.tpm
}

measured_executables := 3 if {
	input.tpm
	input.tpm.pcr11 in query_reference_value("tpm_pcr11")
	input.tpm.ak_public in query_reference_value("trusted_aks")
}

configuration := 0 if {
	input.tpm
}

# ---------------------------------------------------------------------------------------------
# se: IBM Secure Execution; the verifier has already checked everything (trust the verifier)

measured_executables := 3 if {
	input.se
}

hardware := 2 if {
	input.se
}

configuration := 2 if {
	input.se
}

# ---------------------------------------------------------------------------------------------
# sample: the test attester (never use it in production)

measured_executables := 3 if {
	input.sample
	input.sample.launch_digest in query_reference_value("launch_digest")
}

hardware := 2 if {
	input.sample
	input.sample.svn in query_reference_value("svn")
	input.sample.platform_version.major == query_reference_value("major_version")
	input.sample.platform_version.minor >= query_reference_value("minimum_minor_version")
}

configuration := 2 if {
	input.sample
	input.sample.debug == false
}

# ---------------------------------------------------------------------------------------------
# Container images (our addition). A guest names the images it runs in
#   - its init-data: [data] images = '<JSON array>' (or "images.json"; init-data values are strings),
#   - its structured runtime data: "images": <JSON array> (AS API callers only: the KBS builds the
#     runtime data of /kbs/v0/attest itself from the nonce and the TEE key),
#   - its Kata agent policy: containers[*].OCI.Annotations["io.kubernetes.cri.image-name"], only
#     names pinned by digest ("…@sha256:…"; tag-only names there are not appraised).
# An entry is "repo[:tag]@sha256:<hex>", "repo[:tag]" (no digest) or {"image": ..., "digest": ...}.
# The runbook group "container-images" registers container_image_refs = ["<repo>@sha256:<hex>"]
# (the image without its tag). Checked only when container_image_refs is registered (like the
# optional PCRs): then every named image must carry a digest registered for its repository,
# otherwise executables is 33. container_image_checks reports each comparison ("why denied").

executables := 33 if {
	container_images_rejected
	measured_executables < 33
} else := measured_executables

container_images_rejected if {
	some c in container_image_checks
	c.result in {"no_digest", "digest_mismatch", "not_registered"}
}

container_image_checks := [image_check(img) | some img in named_images] if {
	count(named_images) > 0
}

named_images contains image_of(e) if {
	some e in named_image_entries
	image_entry_valid(e)
}

named_image_entries contains e if {
	some key in ["images", "images.json"]
	text := input.init_data_claims[key]
	is_string(text)
	json.is_valid(text)
	list := json.unmarshal(text)
	is_array(list)
	some e in list
}

named_image_entries contains e if {
	list := input.runtime_data_claims.images
	is_array(list)
	some e in list
}

named_image_entries contains name if {
	some c in agent_containers
	name := c.OCI.Annotations["io.kubernetes.cri.image-name"]
	is_string(name)
	contains(name, "@sha256:")
}

image_entry_valid(e) if is_string(e)

image_entry_valid(e) if {
	is_object(e)
	is_string(e.image)
}

image_of(e) := {"image": e, "digest": image_digest(e, "")} if is_string(e)

image_of(e) := {"image": e.image, "digest": image_digest(e.image, object.get(e, "digest", ""))} if {
	is_object(e)
}

# The digest given separately, else the one after "@" in the name, else "" (none).
image_digest(name, d) := normalised_digest(d) if {
	is_string(d)
	d != ""
} else := normalised_digest(split(name, "@")[1]) if {
	contains(name, "@")
} else := ""

normalised_digest(d) := lower(d) if {
	startswith(lower(d), "sha256:")
} else := concat("", ["sha256:", lower(d)])

# "quay.io:443/org/app:1.4@sha256:…" -> "quay.io:443/org/app"
image_repository(name) := regex.replace(split(name, "@")[0], ":[^:/]*$", "")

registered_image_refs := query_reference_value("container_image_refs")

image_check(img) := check if {
	repo := image_repository(img.image)
	expected := [d |
		some r in registered_image_refs
		is_string(r)
		image_repository(r) == repo
		d := lower(split(r, "@")[1])
	]
	check := {
		"image": img.image,
		"repository": repo,
		"observed_digest": img.digest,
		"expected_digests": expected,
		"result": image_result(img.digest, expected),
	}
}

image_result(observed, expected) := "not_checked" if {
	registered_image_refs == null
} else := "no_digest" if {
	observed == ""
} else := "matched" if {
	observed in expected
} else := "digest_mismatch" if {
	count(expected) > 0
} else := "not_registered"

# ---------------------------------------------------------------------------------------------
# Extension "ear.trustee.identifiers" (key -18): workload identifiers validated through the
# init-data (Kata agent policy) bound to the hardware evidence.

extensions := [{
	"name": "ear.trustee.identifiers",
	"key": -18,
	"value": {"validated": validated_identifiers},
}]

validated_identifiers := object.union_n([container_images_id, container_uids_id, container_image_refs_id])

agent_containers := [c | some c in input.init_data_claims.agent_policy_claims.containers]

container_images := [img | some c in agent_containers; img := c.OCI.Annotations["io.kubernetes.cri.image-name"]]

container_uids := [uid | some c in agent_containers; uid := c.OCI.Process.User.UID]

container_images_id := {"container_images": container_images} if {
	count(container_images) > 0
} else := {}

container_uids_id := {"container_uids": container_uids} if {
	count(container_uids) > 0
} else := {}

# Images whose digest matched a registered reference value, as "<repository>@<digest>".
matched_image_refs := [concat("@", [c.repository, c.observed_digest]) |
	some c in container_image_checks
	c.result == "matched"
]

container_image_refs_id := {"container_image_refs": matched_image_refs} if {
	count(matched_image_refs) > 0
} else := {}
