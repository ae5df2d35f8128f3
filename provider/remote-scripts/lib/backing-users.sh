# shellcheck shell=sh
# backing_users PATH: "POOL/VOLUME" of every volume, in every active pool, whose backing file
# (vol-dumpxml's backingStore) is PATH. Needs common.sh.
backing_users() {
	v pool-list --name | sed 's/[[:space:]]*$//' | while IFS= read -r backing_pool; do
		[ -n "$backing_pool" ] || continue
		# Each line is "NAME   PATH": the path is what follows the last run of two or more spaces.
		v vol-list --pool "$backing_pool" | sed 's/^.*[[:space:]]\{2,\}\(\/.*\)$/\1/' | while IFS= read -r backing_vol; do
			[ -n "$backing_vol" ] || continue
			backing_of=$(v vol-dumpxml "$backing_vol" 2>/dev/null | awk '
				/<backingStore>/ { inside = 1 }
				inside && /<path>/ { sub(/.*<path>/, ""); sub(/<\/path>.*/, ""); print; exit }' |
				sed "s/&lt;/</g; s/&gt;/>/g; s/&quot;/\"/g; s/&apos;/'/g; s/&amp;/\\&/g")
			if [ "$backing_of" = "$1" ]; then
				printf '%s/%s\n' "$backing_pool" "$(v vol-info "$backing_vol" | awk -F': *' '$1 == "Name" { print $2; exit }')"
			fi
		done
	done
}
