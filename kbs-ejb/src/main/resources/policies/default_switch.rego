# Default attestation (EAR) policy for NVSwitch attesters of Trustee for Jakarta EE, installed as
# policy id "default_switch" when no policy with that id is stored.
#
# Written for this project after attestation-service.md §7.2: the switch attestation-report and
# BIOS RIM checks of the verifier decide hardware and executables; configuration needs secure
# boot, debugging disabled and a BIOS version registered under "allowed_switch_bios_versions".
# The sample device is appraised against "device_svn" (see default_gpu.rego).
package policy

import rego.v1

default executables := 33

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

hardware := 2 if {
	input.sampledevice.svn in query_reference_value("device_svn")
}

nvswitch := input.nvidia

cert_chain_good(chain) if {
	chain["x-nvidia-cert-ocsp-status"] == "good"
	chain["x-nvidia-cert-status"] == "valid"
}

hardware := 2 if {
	nvswitch
	cert_chain_good(nvswitch["x-nvidia-switch-attestation-report-cert-chain"])
	nvswitch["x-nvidia-switch-attestation-report-cert-chain-fwid-match"]
	nvswitch["x-nvidia-switch-attestation-report-parsed"]
	nvswitch["x-nvidia-switch-attestation-report-signature-verified"]
	nvswitch["x-nvidia-switch-arch-check"]
}

configuration := 2 if {
	nvswitch_secure_config
	nvswitch["x-nvidia-switch-bios-version"] in query_reference_value("allowed_switch_bios_versions")
} else := 3 if {
	nvswitch_secure_config
}

nvswitch_secure_config if {
	nvswitch.secboot
	nvswitch.dbgstat == "disabled"
}

executables := 3 if {
	cert_chain_good(nvswitch["x-nvidia-switch-bios-rim-cert-chain"])
	every check in nvswitch_rim_checks {
		nvswitch[check]
	}
	nvswitch.measres == "success"
}

nvswitch_rim_checks := [
	"x-nvidia-switch-bios-rim-fetched",
	"x-nvidia-switch-bios-rim-measurements-available",
	"x-nvidia-switch-bios-rim-schema-validated",
	"x-nvidia-switch-bios-rim-signature-verified",
	"x-nvidia-switch-bios-rim-version-match",
]
