#!/bin/sh
# Install Kafka Explorer from this unpacked tarball: the bundle, a kafka-explorer command, the menu
# entry, icons and AppStream metainfo. Per user by default (~/.local); --prefix /usr/local for all.
#   ./install.sh [--prefix DIR]      install (or update)
#   ./install.sh [--prefix DIR] --uninstall
set -eu

app_id=io.github.kafka_explorer.KafkaExplorer
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
prefix="${HOME}/.local"
action=install
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --uninstall) action=uninstall; shift ;;
        -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

app_dir="$prefix/lib/kafka-explorer"
share="$prefix/share"
sizes="16 24 32 48 64 128 256 512"

refresh_caches() {
    # Refresh an icon cache only where the theme already keeps one (no MimeType, so no desktop database).
    if [ -f "$share/icons/hicolor/index.theme" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q "$share/icons/hicolor" || true
    fi
    if [ -d "$share/icons/hicolor" ]; then touch "$share/icons/hicolor"; fi
}

if [ "$action" = uninstall ]; then
    rm -rf "$app_dir"
    rm -f "$prefix/bin/kafka-explorer" "$share/applications/$app_id.desktop" \
          "$share/metainfo/$app_id.metainfo.xml" "$share/icons/hicolor/scalable/apps/$app_id.svg"
    for size in $sizes; do rm -f "$share/icons/hicolor/${size}x${size}/apps/$app_id.png"; done
    refresh_caches
    echo "Kafka Explorer removed from $prefix"
    exit 0
fi

rm -rf "$app_dir"
mkdir -p "$app_dir" "$prefix/bin" "$share/applications" "$share/metainfo"
cp -a "$here/kafka-explorer" "$here/_internal" "$app_dir/"
ln -sf "$app_dir/kafka-explorer" "$prefix/bin/kafka-explorer"
# The menu entry starts the bundle by its full path: ~/.local/bin is not on every session's PATH.
sed "s|^Exec=.*|Exec=\"$app_dir/kafka-explorer\"|" "$here/share/applications/$app_id.desktop" \
    > "$share/applications/$app_id.desktop"
cp "$here/share/metainfo/$app_id.metainfo.xml" "$share/metainfo/"
cp -R "$here/share/icons" "$share/"
refresh_caches
echo "Kafka Explorer installed in $app_dir; run kafka-explorer or pick it from the applications menu"
