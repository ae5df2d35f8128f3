# Sourced by scripts that run the real Pulumi CLI against a local file backend.
# Needs REPO set. Puts pulumi, the Node.js language host and the dynamic-provider plugin on PATH.
PULUMI_BIN="$(bash "$REPO/scripts/ensure-pulumi.sh" "$REPO")"
export PATH="$PULUMI_BIN:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=1 PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=1
mkdir -p "$REPO/.voidvm/pulumi-state"
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$REPO/.voidvm/pulumi-state}"
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  if [ ! -s "$REPO/.voidvm/pulumi-passphrase" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 > "$REPO/.voidvm/pulumi-passphrase")
  fi
  export PULUMI_CONFIG_PASSPHRASE_FILE="$REPO/.voidvm/pulumi-passphrase"
fi
