import { labSettings, onLabHost } from "./lab";

/**
 * The seed volume's files and label, read back on the host: `vol-download` to a temporary file,
 * then `isoinfo` (Rock Ridge names). Contents come back as base64, so every byte counts.
 */
const READ_SEED = `
uri=$1; pool=$2; vol=$3
tmp=$(mktemp -d) || exit 1
virsh -q -c "$uri" vol-download --pool "$pool" --vol "$vol" --file "$tmp/seed.iso" || exit 1
printf 'label '; isoinfo -d -i "$tmp/seed.iso" | awk -F': ' '/^Volume id:/ { print $2 }'
for f in user-data meta-data network-config; do
  if isoinfo -R -f -i "$tmp/seed.iso" | grep -qx "/$f"; then
    printf '%s ' "$f"; isoinfo -R -i "$tmp/seed.iso" -x "/$f" | base64 -w0; echo
  fi
done
rm -rf "$tmp"
`;

export async function readSeed(volume: string): Promise<Record<string, string>> {
  const out = (await onLabHost(READ_SEED, [labSettings().uri, labSettings().pool, volume])).stdout;
  const result: Record<string, string> = {};
  for (const line of out.split("\n").filter(Boolean)) {
    const [key, value = ""] = line.split(" ", 2) as [string, string?];
    result[key] = key === "label" ? value : Buffer.from(value, "base64").toString("utf8");
  }
  return result;
}
