#!/usr/bin/env bash
# Creates the Secrets the Trustee KBS reads (server-config/openshift, docs/operations.md):
#
#   kbs-auth-public-key    publicKey            Ed25519 public key of the administrator (PEM); the
#                                               private half stays here: <dir>/admin-private.pem
#   kbs-https-key          privateKey           HTTPS key of the pod (PEM, P-256 unless supplied)
#   kbs-https-certificate  certificate          its certificate (self-signed unless supplied; the
#                                               chain, leaf first); a copy in <dir>/kbs-https.crt
#   attestation-token      token.key, token.crt token-signing key (EC P-256, PKCS#8 PEM) and its
#                                               self-signed certificate
#   kbs-kek                KBS_KEK              key-encryption key of secrets at rest (base64 of 32
#                                               random bytes)
#   kbs-db                 PG_HOST, PG_PORT, PG_DB, PG_USER, PG_PASSWORD   (only with --postgres-host)
#
# Usage:
#   create-trustee-secrets.sh [-n|--namespace NS] [--cli oc|kubectl] [--dir DIR]
#                             [--cert FILE --key FILE] [--hostname NAME]...
#                             [--postgres-host HOST [--postgres-password-file FILE]]
#                             [--rotate] [--dry-run]
#
# Idempotent: a Secret that exists is kept, unless --rotate (which replaces the admin key pair,
# the HTTPS pair and the token signer; never the KEK, whose rotation takes the steps of README
# "Rotating the key-encryption key", nor kbs-db). --dry-run prints the manifests that would be
# applied (with their key material) and changes nothing in the cluster. The CLI is oc, else
# kubectl (--cli chooses). Needs openssl and base64.
set -euo pipefail

ns=trustee-operator-system
cli=
dir=./trustee-secrets
cert= key=
hostnames=()
pg_host= pg_password_file=
rotate=false
dry_run=false

usage() { sed -n '2,26p' "$0"; }
while [ $# -gt 0 ]; do
  case "$1" in
    -n|--namespace) ns="$2"; shift 2 ;;
    --cli) cli="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --cert) cert="$2"; shift 2 ;;
    --key) key="$2"; shift 2 ;;
    --hostname) hostnames+=("$2"); shift 2 ;;
    --postgres-host) pg_host="$2"; shift 2 ;;
    --postgres-password-file) pg_password_file="$2"; shift 2 ;;
    --rotate) rotate=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "create-trustee-secrets: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

die() { echo "create-trustee-secrets: $*" >&2; exit 1; }
if [ -n "$cert" ] || [ -n "$key" ]; then
  [ -n "$cert" ] && [ -n "$key" ] || die "--cert and --key go together"
  [ -r "$cert" ] || die "--cert $cert is not readable"
  [ -r "$key" ] || die "--key $key is not readable"
fi
[ -z "$pg_password_file" ] || [ -n "$pg_host" ] || die "--postgres-password-file needs --postgres-host"
[ -z "$pg_password_file" ] || [ -r "$pg_password_file" ] || die "--postgres-password-file $pg_password_file is not readable"
if [ -z "$cli" ]; then
  if command -v oc >/dev/null 2>&1; then cli=oc
  elif command -v kubectl >/dev/null 2>&1; then cli=kubectl
  else die "neither oc nor kubectl is on PATH (--cli names one)"; fi
fi
command -v "$cli" >/dev/null 2>&1 || die "--cli $cli is not on PATH"
command -v openssl >/dev/null 2>&1 || die "openssl is not on PATH"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077
mkdir -p "$dir"

b64() { base64 < "$1" | tr -d '\n'; }

exists() { "$cli" -n "$ns" get secret "$1" -o name >/dev/null 2>&1; }

# Whether to (re)write secret $1: absent, or present and --rotate (unless $2 = never-rotate).
wanted() {
  if exists "$1"; then
    if [ "${2:-}" = never-rotate ]; then
      echo "# $1: exists, kept (never replaced by this script)" >&2
      return 1
    elif [ "$rotate" = true ]; then
      echo "# $1: exists, replaced (--rotate)" >&2
      return 0
    fi
    echo "# $1: exists, kept (--rotate replaces it)" >&2
    return 1
  fi
  echo "# $1: created" >&2
  return 0
}

# secret NAME KEY=FILE...: the manifest of an Opaque Secret, applied or printed.
secret() {
  local name="$1"; shift
  local doc="$work/$name.yaml" kv
  {
    echo "apiVersion: v1"
    echo "kind: Secret"
    echo "metadata:"
    echo "  name: $name"
    echo "  namespace: $ns"
    echo "  labels:"
    echo "    app.kubernetes.io/part-of: trustee-kbs"
    echo "type: Opaque"
    echo "data:"
    for kv in "$@"; do
      echo "  ${kv%%=*}: $(b64 "${kv#*=}")"
    done
  } > "$doc"
  if [ "$dry_run" = true ]; then
    echo "---"
    cat "$doc"
  else
    "$cli" -n "$ns" apply -f "$doc" >/dev/null
    echo "create-trustee-secrets: applied secret $name in $ns"
  fi
}

# Admin key pair: the private half stays in $dir. An existing local key is reused when the Secret
# is missing (so a re-run after a failed apply does not strand the administrator).
if wanted kbs-auth-public-key; then
  priv="$dir/admin-private.pem"
  if [ "$rotate" = true ] && [ -f "$priv" ]; then
    mv -f "$priv" "$priv.old"
    echo "# previous admin private key kept as $priv.old" >&2
  fi
  [ -f "$priv" ] || openssl genpkey -algorithm ed25519 -out "$priv" 2>/dev/null
  openssl pkey -in "$priv" -pubout -out "$work/publicKey" 2>/dev/null
  secret kbs-auth-public-key "publicKey=$work/publicKey"
  echo "# admin private key: $priv (kbs-client --admin-key)" >&2
fi

# HTTPS pair of the pod: supplied, or a self-signed P-256 certificate for the Service names (and
# --hostname names), valid 365 days.
if exists kbs-https-key && exists kbs-https-certificate && [ "$rotate" != true ]; then
  echo "# kbs-https-key, kbs-https-certificate: exist, kept (--rotate replaces them)" >&2
else
  echo "# kbs-https-key, kbs-https-certificate: $([ "$rotate" = true ] && echo replaced || echo created)" >&2
  if [ -n "$cert" ]; then
    cp "$cert" "$work/certificate"
    openssl pkey -in "$key" -out "$work/privateKey" 2>/dev/null || die "--key $key is not a readable private key"
  else
    san="DNS:kbs-service,DNS:kbs-service.$ns,DNS:kbs-service.$ns.svc,DNS:kbs-service.$ns.svc.cluster.local"
    for h in ${hostnames[@]+"${hostnames[@]}"}; do san="$san,DNS:$h"; done
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
      -subj "/CN=kbs-service.$ns.svc" -addext "subjectAltName=$san" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -keyout "$work/privateKey" -out "$work/certificate" 2>/dev/null
  fi
  cp "$work/certificate" "$dir/kbs-https.crt"
  secret kbs-https-key "privateKey=$work/privateKey"
  secret kbs-https-certificate "certificate=$work/certificate"
  echo "# HTTPS certificate: $dir/kbs-https.crt (kbs-client --cacert inside the cluster)" >&2
  # The reencrypt Route must trust the pod's certificate.
  if [ "$dry_run" != true ] && "$cli" -n "$ns" get route kbs-service -o name >/dev/null 2>&1; then
    ca=$(sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "$work/certificate" \
         | awk '/BEGIN CERT/{c=""} {c=c $0 "\\n"} END{printf "%s", c}')
    "$cli" -n "$ns" patch route kbs-service --type=merge \
      -p "{\"spec\":{\"tls\":{\"destinationCACertificate\":\"$ca\"}}}" >/dev/null
    echo "create-trustee-secrets: route kbs-service now trusts the pod certificate"
  fi
fi

# Token signer: EC P-256 (the only curve the KBS accepts for signer.key_path).
if wanted attestation-token; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/token.key" 2>/dev/null
  openssl req -x509 -key "$work/token.key" -days 3650 -subj "/CN=trustee-kbs token signer" \
    -out "$work/token.crt" 2>/dev/null
  secret attestation-token "token.key=$work/token.key" "token.crt=$work/token.crt"
fi

# KEK: 32 random bytes, base64. Never replaced here: a new KEK must first be known to every replica
# (KBS_KEK_PREVIOUS), then made active, then secrets re-wrapped (README).
if wanted kbs-kek never-rotate; then
  openssl rand -base64 32 | tr -d '\n' > "$work/KBS_KEK"
  secret kbs-kek "KBS_KEK=$work/KBS_KEK"
fi

# Database credentials for overlays ha / ha-external-db.
if [ -n "$pg_host" ] && wanted kbs-db never-rotate; then
  printf %s "$pg_host" > "$work/PG_HOST"
  printf %s 5432 > "$work/PG_PORT"
  printf %s kbs > "$work/PG_DB"
  printf %s kbs > "$work/PG_USER"
  if [ -n "$pg_password_file" ]; then
    tr -d '\n' < "$pg_password_file" > "$work/PG_PASSWORD"
  else
    openssl rand -hex 24 | tr -d '\n' > "$work/PG_PASSWORD"
  fi
  secret kbs-db "PG_HOST=$work/PG_HOST" "PG_PORT=$work/PG_PORT" "PG_DB=$work/PG_DB" \
    "PG_USER=$work/PG_USER" "PG_PASSWORD=$work/PG_PASSWORD"
fi
