# shellcheck shell=sh
# VoidVM's nftables table, as root (needs as-root.sh).

# table_json FAMILY TABLE: the table as `nft -j -a` prints it (one line), empty when there is none.
table_json() { as_root nft -j -a list table "$1" "$2" 2>/dev/null || true; }

# fingerprint TEXT: sha256 of TEXT and a newline: a change is applied only to the table it was
# computed from.
fingerprint() { printf '%s\n' "$1" | sha256sum | cut -d' ' -f1; }
