#!/bin/sh
# Regenerates every icon file from the master drawing invite-desk.svg (needs rsvg-convert (librsvg2-bin), ImageMagick and python3).
# The results are committed; the build only copies them.
set -eu
cd "$(dirname "$0")"
for n in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$n" -h "$n" invite-desk.svg -o "png/invite-desk-$n.png"
done
convert png/invite-desk-16.png png/invite-desk-24.png png/invite-desk-32.png png/invite-desk-48.png png/invite-desk-64.png png/invite-desk-256.png invite-desk.ico
python3 make_icns.py invite-desk.icns png/invite-desk-16.png:icp4 png/invite-desk-32.png:icp5 png/invite-desk-64.png:icp6 \
  png/invite-desk-128.png:ic07 png/invite-desk-256.png:ic08 png/invite-desk-512.png:ic09
mkdir -p ../src/main/resources/org/invitedesk/icons
for n in 16 24 32 48 64 128 256 512; do cp "png/invite-desk-$n.png" ../src/main/resources/org/invitedesk/icons/; done
