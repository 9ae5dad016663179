#!/usr/bin/env bash
# Regenerates the committed media fixtures:
#   manifests/assets/characters/{ava,ben}.png          (400x600 PNG "character" images)
#   manifests/assets/moves/{wave,spin,jump}.mp4         (3/4/5 s motion reference videos)
#   assets/sim-clips/clip-{3..10}s.mp4                  (simulated "generated output" clips)
#   test/fixtures/media/*                               (media at the provider limits; a larger clip)
#
# Requirements: ffmpeg (with libx264, libfreetype/drawtext) and the DejaVu fonts, from Debian:
#   apt-get install -y ffmpeg fonts-dejavu-core
# (ImageMagick is NOT needed; everything is drawn with ffmpeg filters.)
#
# This script is NOT run by tests or CI. The generated files are committed; run it by hand
# from the repository root only when the fixtures need to be regenerated:
#   bash scripts/make-fixtures.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
FONT_BOLD=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
FONT_MONO=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf
for f in "$FONT" "$FONT_BOLD" "$FONT_MONO"; do
  [[ -f "$f" ]] || { echo "missing font $f (apt-get install -y fonts-dejavu-core)" >&2; exit 1; }
done
command -v ffmpeg >/dev/null || { echo "ffmpeg not found (apt-get install -y ffmpeg)" >&2; exit 1; }

FF=(ffmpeg -hide_banner -loglevel error -y)
# H.264 settings shared by all videos: main profile, yuv420p, 24 fps, moov atom up front,
# no metadata/encoder tags, so the files play in a browser <video> element.
X264=(-c:v libx264 -profile:v main -level:v 3.0 -pix_fmt yuv420p -r 24
      -preset veryslow -tune animation -g 48 -bf 2
      -movflags +faststart -map_metadata -1 -fflags +bitexact -flags:v +bitexact)

mkdir -p manifests/assets/characters manifests/assets/moves assets/sim-clips

# ---------------------------------------------------------------------------
# 1. Character images (400x600 PNG)
#    make_character NAME BG SKIN BODY LEGS BODY_GLYPH
# ---------------------------------------------------------------------------
make_character() {
  local name=$1 bg=$2 skin=$3 body=$4 legs=$5 label=$6 out=$7
  "${FF[@]}" -f lavfi -i "color=c=${bg}:s=400x600:d=1" -frames:v 1 -vf "\
drawbox=x=150:y=380:w=40:h=150:c=${legs}:t=fill,\
drawbox=x=210:y=380:w=40:h=150:c=${legs}:t=fill,\
drawbox=x=135:y=520:w=60:h=22:c=0x333333:t=fill,\
drawbox=x=205:y=520:w=60:h=22:c=0x333333:t=fill,\
drawbox=x=70:y=230:w=45:h=140:c=${skin}:t=fill,\
drawbox=x=285:y=230:w=45:h=140:c=${skin}:t=fill,\
drawbox=x=110:y=210:w=180:h=190:c=${body}:t=fill,\
drawtext=fontfile=${FONT}:text='●':fontsize=230:fontcolor=${skin}:x=(w-tw)/2:y=5,\
drawtext=fontfile=${FONT}:text='●   ●':fontsize=26:fontcolor=0x222222:x=(w-tw)/2:y=105,\
drawtext=fontfile=${FONT}:text='◡':fontsize=60:fontcolor=0x222222:x=(w-tw)/2:y=125,\
drawtext=fontfile=${FONT_BOLD}:text='${label}':fontsize=56:fontcolor=white:borderw=3:bordercolor=black:x=(w-tw)/2:y=275,\
drawtext=fontfile=${FONT_BOLD}:text='${name}':fontsize=40:fontcolor=black:x=(w-tw)/2:y=555,\
format=rgb24" \
    -map_metadata -1 -fflags +bitexact -flags:v +bitexact -pred mixed -compression_level 9 "$out"
}

make_character "AVA" 0xFFD6E8 0xF2C9A0 0x8E3BC9 0x4B2A7A "A" manifests/assets/characters/ava.png
make_character "BEN" 0xCDEBFF 0x9C6B43 0x2E9E4F 0x1F3F8F "B" manifests/assets/characters/ben.png

# ---------------------------------------------------------------------------
# 2. Motion reference videos (360x640, 24 fps, exact durations 3/4/5 s)
# ---------------------------------------------------------------------------
# wave.mp4 (3.0 s): a figure whose raised arm (orange block) waves left/right, plus a silent AAC track.
"${FF[@]}" \
  -f lavfi -i "color=c=0x20303F:s=360x640:r=24:d=3" \
  -f lavfi -i "color=c=0xFFB347:s=40x120:r=24:d=3" \
  -f lavfi -i "anullsrc=channel_layout=stereo:sample_rate=48000" \
  -filter_complex "\
[0:v]drawbox=x=140:y=300:w=80:h=180:c=0x5A8FD0:t=fill,\
drawtext=fontfile=${FONT}:text='●':fontsize=120:fontcolor=0xF2C9A0:x=(w-tw)/2:y=170[bg];\
[bg][1:v]overlay=x=255+30*sin(2*PI*t*1.5):y=190:eval=frame,\
drawtext=fontfile=${FONT_BOLD}:text='WAVE':fontsize=64:fontcolor=white:x=(w-tw)/2:y=40,\
drawtext=fontfile=${FONT}:text='move reference  %{eif\:t\:d}.%{eif\:mod(t*10\,10)\:d}s':fontsize=22:fontcolor=0xCCCCCC:x=(w-tw)/2:y=580[v]" \
  -map "[v]" -map 2:a -t 3 "${X264[@]}" -crf 32 -c:a aac -b:a 32k -ac 2 \
  manifests/assets/moves/wave.mp4

# spin.mp4 (4.0 s): a labelled square rotating in the centre.
"${FF[@]}" \
  -f lavfi -i "color=c=0x1E2B22:s=360x640:r=24:d=4" \
  -f lavfi -i "color=c=0x3FBF7F:s=200x200:r=24:d=4" \
  -filter_complex "\
[1:v]drawtext=fontfile=${FONT_BOLD}:text='SPIN':fontsize=56:fontcolor=black:x=(w-tw)/2:y=(h-th)/2,\
drawbox=x=0:y=0:w=200:h=24:c=0xFFE066:t=fill,format=yuva420p,\
rotate=a=2*PI*t/2:ow=hypot(iw\,ih):oh=ow:c=black@0[sq];\
[0:v][sq]overlay=x=(W-w)/2:y=(H-h)/2:eval=frame,\
drawtext=fontfile=${FONT_BOLD}:text='SPIN':fontsize=64:fontcolor=white:x=(w-tw)/2:y=40,\
drawtext=fontfile=${FONT}:text='move reference  %{eif\:t\:d}.%{eif\:mod(t*10\,10)\:d}s':fontsize=22:fontcolor=0xCCCCCC:x=(w-tw)/2:y=580[v]" \
  -map "[v]" -an -t 4 "${X264[@]}" -crf 34 \
  manifests/assets/moves/spin.mp4

# jump.mp4 (5.0 s): a figure-like block bouncing up and down over a floor line.
"${FF[@]}" \
  -f lavfi -i "color=c=0x2B1E30:s=360x640:r=24:d=5" \
  -f lavfi -i "color=c=0xE0607E:s=100x160:r=24:d=5" \
  -filter_complex "\
[0:v]drawbox=x=0:y=520:w=360:h=6:c=0xDDDDDD:t=fill[bg];\
[1:v]drawtext=fontfile=${FONT_BOLD}:text='JUMP':fontsize=30:fontcolor=white:x=(w-tw)/2:y=(h-th)/2[fig];\
[bg][fig]overlay=x=(W-w)/2:y=360-220*abs(sin(PI*t/1.25)):eval=frame,\
drawtext=fontfile=${FONT_BOLD}:text='JUMP':fontsize=64:fontcolor=white:x=(w-tw)/2:y=40,\
drawtext=fontfile=${FONT}:text='move reference  %{eif\:t\:d}.%{eif\:mod(t*10\,10)\:d}s':fontsize=22:fontcolor=0xCCCCCC:x=(w-tw)/2:y=580[v]" \
  -map "[v]" -an -t 5 "${X264[@]}" -crf 32 \
  manifests/assets/moves/jump.mp4

# ---------------------------------------------------------------------------
# 3. Simulated generation outputs (360x640, 24 fps, 3..10 s, no audio)
# ---------------------------------------------------------------------------
# A slowly rotating 4-colour gradient with a drifting soft "blob" (cheap to encode, unlike
# testsrc2), a caption box and a running timestamp. Fixed colours/seed => deterministic.
for d in 3 4 5 6 7 8 9 10; do
  "${FF[@]}" \
    -f lavfi -i "gradients=s=360x640:r=24:d=${d}:n=4:c0=0x3A1C71:c1=0xD76D77:c2=0xFFAF7B:c3=0x2E86AB:x0=0:y0=0:x1=360:y1=640:speed=0.03:seed=1" \
    -f lavfi -i "color=c=white:s=70x70:r=24:d=${d}" \
    -filter_complex "\
[1:v]format=yuva420p,geq=lum='lum(X,Y)':cb=128:cr=128:a='if(lt(hypot(X-35,Y-35),34),200,0)'[dot];\
[0:v][dot]overlay=x=145+110*sin(2*PI*t/3):y=470+60*cos(2*PI*t/2):eval=frame,\
drawbox=x=0:y=230:w=360:h=170:c=black@0.55:t=fill,\
drawtext=fontfile=${FONT_BOLD}:text='motionbatch':fontsize=40:fontcolor=white:x=(w-tw)/2:y=245,\
drawtext=fontfile=${FONT}:text='simulator output':fontsize=30:fontcolor=white:x=(w-tw)/2:y=295,\
drawtext=fontfile=${FONT_BOLD}:text='${d}s clip':fontsize=36:fontcolor=0xFFE066:x=(w-tw)/2:y=345,\
drawtext=fontfile=${FONT_MONO}:text='%{pts\\:hms}':fontsize=24:fontcolor=white:borderw=2:bordercolor=black:x=12:y=12[v]" \
    -map "[v]" -an -t "${d}" "${X264[@]}" -crf 38 \
    "assets/sim-clips/clip-${d}s.mp4"
done

# ---------------------------------------------------------------------------
# 4. Media at the provider limits (test/fixtures/media/), a few KB each
# ---------------------------------------------------------------------------
# Videos 352x352 (over Kling's 340 px minimum), 10 fps so 2.9 s and 10.1 s are whole frames:
# 2.9 s (too short), 3.0 s (shortest allowed), 10.0 s (longest with orientation=image), 10.1 s (too long).
mkdir -p test/fixtures/media
for d in 2.9 3.0 10.0 10.1; do
  "${FF[@]}" -f lavfi -i "color=c=0x336699:s=352x352:r=10:d=${d}" \
    -vf "drawbox=x='mod(t*40,300)':y=150:w=40:h=40:c=white:t=fill" -t "${d}" \
    -c:v libx264 -profile:v main -pix_fmt yuv420p -preset veryslow -crf 51 -g 100 \
    -movflags +faststart -map_metadata -1 -fflags +bitexact -flags:v +bitexact \
    "test/fixtures/media/video-${d}s.mp4"
done
# Images: 299 px (one short of the 300 px minimum) and 300 px wide; aspect 2.5 (the widest allowed) and 2.6.
make_image() {
  "${FF[@]}" -f lavfi -i "color=c=$1:s=$2:d=1,format=rgb24" -frames:v 1 \
    -map_metadata -1 -fflags +bitexact -flags:v +bitexact -compression_level 9 "test/fixtures/media/$3"
}
make_image 0xCC6633 299x400 image-299px.png
make_image 0x66CC33 300x400 image-300px.png
make_image 0x3366CC 750x300 image-aspect-2.5.png
make_image 0xCC33CC 780x300 image-aspect-2.6.png
# A larger clip (about 1 MB, 20 s, 480x480) with its index (moov) at the END of the file, as many
# cameras and editors write it: the remote-probe test checks that only a small part is read.
"${FF[@]}" -f lavfi -i "testsrc2=s=480x480:r=24:d=20" -t 20 \
  -c:v libx264 -profile:v main -pix_fmt yuv420p -preset veryfast -crf 36 -g 48 \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact \
  test/fixtures/media/long-moov-at-end.mp4

echo "fixtures written:"
ls -l manifests/assets/characters manifests/assets/moves assets/sim-clips test/fixtures/media
