# Default attestation (EAR) policy for GPU attesters of Trustee for Jakarta EE, installed as
# policy id "default_gpu" when no policy with that id is stored (submodules gpu0, gpu1, ...).
#
# Written for this project after attestation-service.md §7.2. NVIDIA GPUs: the verifier's
# attestation-report and RIM checks decide hardware and executables; configuration needs secure
# boot, debugging disabled and VBIOS/driver versions registered as reference values. The sample
# device is appraised against the reference value "device_svn" (upstream reads
# data.reference.device_svn, which is never provided, so there it can never affirm).
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

# ---------------------------------------------------------------------------------------------
# sampledevice (tests only)

hardware := 2 if {
	input.sampledevice.svn in query_reference_value("device_svn")
}

# ---------------------------------------------------------------------------------------------
# nvidia GPU

gpu := input.nvidia

cert_chain_good(chain) if {
	chain["x-nvidia-cert-ocsp-status"] == "good"
	chain["x-nvidia-cert-status"] == "valid"
}

hardware := 2 if {
	gpu
	cert_chain_good(gpu["x-nvidia-gpu-attestation-report-cert-chain"])
	gpu["x-nvidia-gpu-attestation-report-cert-chain-fwid-match"]
	gpu["x-nvidia-gpu-attestation-report-parsed"]
	gpu["x-nvidia-gpu-attestation-report-signature-verified"]
	gpu["x-nvidia-gpu-arch-check"]
}

configuration := 2 if {
	gpu_secure_config
	gpu["x-nvidia-gpu-vbios-version"] in query_reference_value("allowed_vbios_versions")
	gpu["x-nvidia-gpu-driver-version"] in query_reference_value("allowed_driver_versions")
} else := 3 if {
	gpu_secure_config
}

gpu_secure_config if {
	gpu.secboot
	gpu.dbgstat == "disabled"
}

executables := 3 if {
	cert_chain_good(gpu["x-nvidia-gpu-vbios-rim-cert-chain"])
	every check in gpu_rim_checks {
		gpu[check]
	}
	gpu.measres == "success"
}

gpu_rim_checks := [
	"x-nvidia-gpu-driver-rim-fetched",
	"x-nvidia-gpu-driver-rim-measurements-available",
	"x-nvidia-gpu-driver-rim-schema-validated",
	"x-nvidia-gpu-driver-rim-signature-verified",
	"x-nvidia-gpu-driver-rim-version-match",
	"x-nvidia-gpu-vbios-rim-fetched",
	"x-nvidia-gpu-vbios-rim-measurements-available",
	"x-nvidia-gpu-vbios-rim-schema-validated",
	"x-nvidia-gpu-vbios-rim-signature-verified",
	"x-nvidia-gpu-vbios-rim-version-match",
]
