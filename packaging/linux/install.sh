#!/bin/sh
# Install twitchtrack for the current user from this unpacked folder, or remove it.
#
#   ./twitchtrack/install.sh              copy the app to ~/.local/opt/twitchtrack, add
#                                         the menu entry, the icons and ~/.local/bin/twitchtrack
#   ./twitchtrack/install.sh --uninstall  remove all of that again
#
# Needs no root and no Python. Your journal (~/.local/share/twitchtrack) is never
# touched: uninstalling keeps it. Files follow the freedesktop specs: the menu
# entry in $XDG_DATA_HOME/applications, icons in $XDG_DATA_HOME/icons/hicolor.
set -eu

APP=twitchtrack
HERE=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd -P)

case "${XDG_DATA_HOME:-}" in
  /*) DATA_HOME=$XDG_DATA_HOME ;;  # the spec ignores a relative value
  *) DATA_HOME=$HOME/.local/share ;;
esac
DEST=$HOME/.local/opt/$APP
BIN_LINK=$HOME/.local/bin/$APP
ENTRY=$DATA_HOME/applications/$APP.desktop
METAINFO=$DATA_HOME/metainfo/io.github.$APP.metainfo.xml
ICONS=$DATA_HOME/icons/hicolor
ICON_SIZES="16 22 24 32 48 64 128 256 512"

say() { printf '%s\n' "$*"; }
fail() { printf 'install.sh: error: %s\n' "$*" >&2; exit 1; }

usage() {
  say "usage: install.sh [--uninstall]"
  say "  (no option)   install twitchtrack for $(id -un) under $DEST"
  say "  --uninstall   remove it (your journal is kept)"
}

refresh_caches() {
  # Menus notice new entries by themselves (the entry has no MIME types, so no
  # mimeinfo.cache to update). Icon themes look at the folder's time, and a
  # per-user icon cache, where someone made one, is rebuilt.
  touch "$ICONS" 2>/dev/null || true
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$ICONS/index.theme" ]; then
    gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
  fi
}

# One argument of a desktop entry's Exec key: % doubled, quoted when it has a
# reserved character, with \ " ` $ escaped inside the quotes, then \ escaped once more
# because the value is a string (Desktop Entry spec, "The Exec key").
exec_arg() {
  case "$1" in
    *[!A-Za-z0-9_./+,:=@-]*)
      q=$(printf '%s' "$1" | sed -e 's/%/%%/g' -e 's/[\\"`$]/\\&/g')
      printf '"%s"' "$q" | sed -e 's/\\/\\\\/g' ;;
    *) printf '%s' "$1" ;;
  esac
}

write_file() {  # write_file TARGET MODE < content: atomically, via a temp file
  mkdir -p "$(dirname -- "$1")"
  tmp="$1.tmp.$$"
  cat >"$tmp"
  chmod "$2" "$tmp"
  mv -f "$tmp" "$1"
}

check_libraries() {
  # The window needs the desktop's X11/Wayland, GL and font libraries; list the
  # ones this system lacks (the offscreen platform and the command line work anyway).
  plugin="$DEST/_internal/PySide6/Qt/plugins/platforms/libqxcb.so"
  [ -f "$plugin" ] && command -v ldd >/dev/null 2>&1 || return 0
  missing=$(LD_LIBRARY_PATH="$DEST/_internal" ldd "$plugin" "$DEST/_internal/PySide6/Qt/lib/"*.so.6 2>/dev/null |
    sed -n 's/^[[:space:]]*\([^[:space:]]*\) => not found.*/\1/p' | sort -u | tr '\n' ' ')
  if [ -n "$missing" ]; then
    say ""
    say "Note: the window needs system libraries that are missing here: $missing"
    if [ -f "$HERE/share/$APP/system-packages.txt" ] && command -v apt-get >/dev/null 2>&1; then
      say "On Debian or Ubuntu install them with:"
      say "  sudo apt-get install $(tr '\n' ' ' <"$HERE/share/$APP/system-packages.txt")"
    fi
  fi
}

install_app() {
  [ -x "$HERE/$APP" ] && [ -d "$HERE/_internal" ] ||
    fail "run me from the unpacked $APP folder (no $HERE/$APP here)"
  [ -n "${HOME:-}" ] && [ -d "$HOME" ] || fail "HOME is not set to a folder"

  if [ "$HERE" != "$(readlink -f -- "$DEST" 2>/dev/null || printf '%s' "$DEST")" ]; then
    say "Copying the app to $DEST"
    mkdir -p "$(dirname -- "$DEST")"
    rm -rf "$DEST.new"
    cp -R -- "$HERE" "$DEST.new"
    rm -rf "$DEST.old"
    [ ! -e "$DEST" ] || mv -- "$DEST" "$DEST.old"
    mv -- "$DEST.new" "$DEST"
    rm -rf "$DEST.old"
  fi

  say "Adding the menu entry $ENTRY"
  exe="$DEST/$APP"
  exec_line=$(exec_arg "$exe")
  tryexec=$(printf '%s' "$exe" | sed -e 's/\\/\\\\/g')
  sed -e "s|^Exec=.*|Exec=$(printf '%s' "$exec_line" | sed -e 's/[|&\\]/\\&/g')|" \
      -e "s|^TryExec=.*|TryExec=$(printf '%s' "$tryexec" | sed -e 's/[|&\\]/\\&/g')|" \
      "$DEST/share/applications/$APP.desktop" | write_file "$ENTRY" 644

  say "Adding the icons under $ICONS"
  for size in $ICON_SIZES; do
    src="$DEST/share/icons/hicolor/${size}x${size}/apps/$APP.png"
    [ -f "$src" ] && write_file "$ICONS/${size}x${size}/apps/$APP.png" 644 <"$src"
  done
  write_file "$ICONS/scalable/apps/$APP.svg" 644 <"$DEST/share/icons/hicolor/scalable/apps/$APP.svg"
  write_file "$METAINFO" 644 <"$DEST/share/metainfo/io.github.$APP.metainfo.xml"

  if [ -e "$BIN_LINK" ] && [ ! -L "$BIN_LINK" ]; then
    say "Leaving $BIN_LINK alone (it is not a link made by this script)"
  else
    mkdir -p "$(dirname -- "$BIN_LINK")"
    ln -sfn -- "$DEST/$APP" "$BIN_LINK"
    say "Linked $BIN_LINK -> $DEST/$APP"
  fi
  refresh_caches
  check_libraries

  say ""
  say "Installed $("$DEST/$APP" --version 2>/dev/null || printf '%s' "$APP")."
  say "Start it from the applications menu, or run: $DEST/$APP"
  case ":$PATH:" in
    *":$HOME/.local/bin:"*) say "($APP is on your PATH too.)" ;;
    *) say "(Add ~/.local/bin to PATH to start it as '$APP'.)" ;;
  esac
  say "Remove it again with: $DEST/install.sh --uninstall"
}

uninstall_app() {
  say "Removing twitchtrack for $(id -un)"
  rm -f -- "$ENTRY" "$METAINFO"
  for size in $ICON_SIZES; do
    rm -f -- "$ICONS/${size}x${size}/apps/$APP.png"
  done
  rm -f -- "$ICONS/scalable/apps/$APP.svg"
  # Folders left empty go too (only empty ones: other apps share them).
  for size in $ICON_SIZES scalable; do
    case $size in scalable) d=$ICONS/scalable ;; *) d=$ICONS/${size}x${size} ;; esac
    rmdir -- "$d/apps" "$d" 2>/dev/null || true
  done
  rmdir -- "$DATA_HOME/metainfo" 2>/dev/null || true
  if [ -L "$BIN_LINK" ]; then
    case "$(readlink -- "$BIN_LINK")" in
      "$DEST/$APP") rm -f -- "$BIN_LINK" ;;
      *) say "Leaving $BIN_LINK alone (it points elsewhere)" ;;
    esac
  fi
  # Our own folder only, found where install put it.
  if [ -x "$DEST/$APP" ] && [ -d "$DEST/_internal" ]; then
    rm -rf -- "$DEST"
  elif [ -e "$DEST" ]; then
    fail "$DEST does not look like a twitchtrack install; remove it by hand"
  fi
  rmdir -- "$HOME/.local/opt" 2>/dev/null || true
  refresh_caches
  say "Removed. Your journal in $DATA_HOME/$APP is still there."
}

case "${1:-}" in
  "") install_app ;;
  --uninstall) uninstall_app ;;
  -h|--help) usage ;;
  *) usage >&2; exit 2 ;;
esac
