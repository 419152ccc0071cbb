#!/usr/bin/env bash
# Builds the Neuron Kit firmware from source for the Uno, Nano and Mega with Debian's gcc-avr,
# avr-libc and arduino-core-avr, plus the Firmata library shipped inside the node-pixel package.
#
#   bash firmware/build.sh                 build all boards, write firmware/hex/neuron_kit_<board>.hex
#   bash firmware/build.sh --check         build into firmware/build/ and compare with the committed hex
#   bash firmware/build.sh --out DIR       write the hex files to DIR instead (tests use this)
#   bash firmware/build.sh --board uno     only this board (repeatable)
#
# Reproducible: fixed flags, sorted inputs, no debug info, no paths or dates in the image; the same
# source and toolchain give a byte-identical hex.
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ARDUINO_AVR="${ARDUINO_AVR:-/usr/share/arduino/hardware/arduino/avr}"
OUT="$ROOT/firmware/hex"
BUILD="$ROOT/firmware/build"
BOARDS=()
CHECK=0

while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; BUILD="$2/build"; shift 2 ;;
    --build-dir) BUILD="$2"; shift 2 ;;
    --board) BOARDS+=("$2"); shift 2 ;;
    --check) CHECK=1; OUT="$ROOT/firmware/build/hex"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
[ ${#BOARDS[@]} -eq 0 ] && BOARDS=(uno nano mega)

for tool in avr-gcc avr-g++ avr-ar avr-objcopy avr-size; do
  if ! command -v "$tool" >/dev/null; then
    echo "build.sh: $tool not found. Install the toolchain: sudo apt-get install -y gcc-avr avr-libc arduino-core-avr" >&2
    exit 3
  fi
done
if [ ! -f "$ARDUINO_AVR/cores/arduino/Arduino.h" ]; then
  echo "build.sh: no Arduino core at $ARDUINO_AVR. Install it: sudo apt-get install -y arduino-core-avr" >&2
  exit 3
fi
FIRMATA="${FIRMATA_DIR:-}"
if [ -z "$FIRMATA" ]; then
  PIXEL_PKG="$(cd "$ROOT" && node -p "require('path').dirname(require.resolve('node-pixel/package.json'))" 2>/dev/null || echo "$ROOT/node_modules/node-pixel")"
  FIRMATA="$PIXEL_PKG/firmware/src/libs/firmata/arduino"
fi
if [ ! -f "$FIRMATA/Firmata.cpp" ]; then
  echo "build.sh: Firmata sources not found at $FIRMATA. Run npm install (node-pixel ships them)." >&2
  exit 3
fi

CORE="$ARDUINO_AVR/cores/arduino"
SRC="$ROOT/firmware/src"

# board -> mcu, variant, Arduino board macro, flash available to the sketch (boards.txt upload.maximum_size)
board_info() {
  case "$1" in
    uno)  echo "atmega328p standard AVR_UNO 32256" ;;
    nano) echo "atmega328p eightanaloginputs AVR_NANO 30720" ;;
    mega) echo "atmega2560 mega AVR_MEGA2560 253952" ;;
    *) echo "build.sh: unknown board $1 (uno, nano or mega)" >&2; exit 2 ;;
  esac
}

build_board() {
  local board="$1" mcu variant macro maxsize
  read -r mcu variant macro maxsize <<<"$(board_info "$board")"
  local dir="$BUILD/$board"
  rm -rf "$dir"
  mkdir -p "$dir/core" "$dir/firmata" "$dir/sketch" "$OUT"

  # -DDECIMAL_DIG=17: the core's WString.cpp expects a newer compiler than gcc-avr 5.4.
  # SERIAL_RX_BUFFER_SIZE=256: room for 5 ms of bytes at 500000 baud while the loop is busy.
  # The kit's own sources build with -Wall -Wextra -Werror; the core and Firmata, which we do not
  # edit, with -w (-isystem is no way out: avr-g++ would wrap their C++ headers in extern "C").
  local common=(-mmcu="$mcu" -DF_CPU=16000000L -DARDUINO=10807 "-DARDUINO_$macro" -DARDUINO_ARCH_AVR
    -DDECIMAL_DIG=17 -DSERIAL_RX_BUFFER_SIZE=256 -Os -ffunction-sections -fdata-sections
    -I"$CORE" -I"$ARDUINO_AVR/variants/$variant" -I"$FIRMATA" -I"$SRC")
  local cxx=(-std=gnu++11 -fno-exceptions -fno-threadsafe-statics)
  local theirs=(-w -fpermissive)
  local ours=(-Wall -Wextra -Werror)

  compile() { # source object [warning flags...]
    local src="$1" obj="$2"
    shift 2
    case "$src" in
      *.c) avr-gcc -c -std=gnu11 "${common[@]}" "$@" "$src" -o "$obj" ;;
      *.cpp) avr-g++ -c "${cxx[@]}" "${common[@]}" "$@" "$src" -o "$obj" ;;
      *.S) avr-gcc -c -x assembler-with-cpp "${common[@]}" "$@" "$src" -o "$obj" ;;
    esac
  }

  local f objs=()
  for f in $(cd "$CORE" && ls *.c *.cpp *.S 2>/dev/null | sort); do
    compile "$CORE/$f" "$dir/core/$f.o" -w
  done
  (cd "$dir/core" && avr-ar rcsD ../core.a $(ls *.o | sort))
  for f in Firmata.cpp FirmataMarshaller.cpp FirmataParser.cpp; do
    compile "$FIRMATA/$f" "$dir/firmata/$f.o" "${theirs[@]}"
    objs+=("$dir/firmata/$f.o")
  done
  for f in $(cd "$SRC" && ls *.cpp | sort); do
    compile "$SRC/$f" "$dir/sketch/$f.o" "${ours[@]}"
    objs+=("$dir/sketch/$f.o")
  done
  avr-gcc -mmcu="$mcu" -Os -Wl,--gc-sections -o "$dir/neuron_kit.elf" "${objs[@]}" "$dir/core.a" -lm
  avr-objcopy -O ihex -R .eeprom "$dir/neuron_kit.elf" "$OUT/neuron_kit_$board.hex"

  local text data bss
  read -r text data bss _ <<<"$(avr-size "$dir/neuron_kit.elf" | tail -1)"
  local flash=$((text + data)) ram=$((data + bss))
  echo "neuron_kit_$board.hex: flash $flash / $maxsize bytes, static RAM $ram bytes"
  if [ "$flash" -gt "$maxsize" ]; then
    echo "build.sh: $board image ($flash bytes) does not fit the $maxsize bytes left by the bootloader" >&2
    exit 1
  fi
}

for b in "${BOARDS[@]}"; do build_board "$b"; done

if [ "$CHECK" -eq 1 ]; then
  status=0
  for b in "${BOARDS[@]}"; do
    if cmp -s "$OUT/neuron_kit_$b.hex" "$ROOT/firmware/hex/neuron_kit_$b.hex"; then
      echo "firmware/hex/neuron_kit_$b.hex matches the source"
    else
      echo "firmware/hex/neuron_kit_$b.hex differs from what the source builds to: run npm run build:firmware and commit it" >&2
      status=1
    fi
  done
  exit $status
fi
