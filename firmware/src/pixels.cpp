// Part of the Neuron Kit firmware. Copyright (C) 2026 the Neuron Kit authors.
// LGPL-2.1-or-later, as the Firmata-derived sketch it is linked with (firmware/COPYING.LESSER).
// WS2812 strips: the pixel buffer, node-pixel's commands on it, and show().
#include <Arduino.h>
#include <string.h>
// For HardwareSerial::_rx_complete_irq(), the body of the receive interrupt, which show() calls
// between colour bytes while interrupts are off.
#include "HardwareSerial_private.h"
// Firmata's board definitions: TOTAL_PINS and IS_PIN_DIGITAL for the board being built.
#include <Boards.h>
#include "pixels.h"

static StripConfig strips[MAX_STRIPS];
static uint8_t stripCount = 0;
static uint16_t pixelCount = 0;
// Per strip, how many of its leading pixels the next show must write (0: unchanged). A WS2812 takes
// the first 24 bits it receives and passes the rest on, and at the reset code latches only if it
// received data (WS2812B datasheet, "Cascade method"), so pixels after the last changed one keep
// their colour without being sent: a visitor's soma pixel near the start of a long strip shows after
// a few microseconds instead of the whole strip's 30 us per pixel.
static uint16_t showUpTo[MAX_STRIPS];
// Logical colours, 3 bytes per pixel in R, G, B order; the wire order is applied by show().
static uint8_t px[MAX_PIXELS * 3];

bool pixelsPinUsable(uint8_t pin) {
  // IS_PIN_DIGITAL excludes D0/D1 (the serial line) on every board Firmata knows.
  return pin < TOTAL_PINS && pin <= MAX_STRIP_PIN && IS_PIN_DIGITAL(pin) && pin >= 2;
}

bool pixelsLayoutValid(const StripConfig *config, uint8_t count) {
  if (count < 1 || count > MAX_STRIPS) return false;
  uint16_t total = 0;
  for (uint8_t i = 0; i < count; i++) {
    const StripConfig &s = config[i];
    if (!pixelsPinUsable(s.pin) || s.order > PIXEL_ORDER_BRG) return false;
    if (s.length < 1 || s.length > MAX_PIXELS - total) return false;
    for (uint8_t j = 0; j < i; j++) {
      if (config[j].pin == s.pin) return false;
    }
    total += s.length;
  }
  return true;
}

bool pixelsIsStripPin(uint8_t pin) {
  for (uint8_t s = 0; s < stripCount; s++) {
    if (strips[s].pin == pin) return true;
  }
  return false;
}

bool pixelsConfigure(const StripConfig *config, uint8_t count) {
  if (!pixelsLayoutValid(config, count)) return false;
  stripCount = 0;
  pixelCount = 0;
  for (uint8_t i = 0; i < count; i++) {
    strips[stripCount] = config[i];
    showUpTo[stripCount] = config[i].length;
    pinMode(config[i].pin, OUTPUT);
    digitalWrite(config[i].pin, LOW);
    pixelCount += config[i].length;
    stripCount++;
  }
  memset(px, 0, sizeof px);
  return true;
}

uint8_t pixelsStripCount() { return stripCount; }
const StripConfig *pixelsStrip(uint8_t i) { return &strips[i]; }
uint16_t pixelsCount() { return pixelCount; }

static void markChanged(uint16_t index) {
  uint16_t start = 0;
  for (uint8_t s = 0; s < stripCount; s++) {
    if (index < start + strips[s].length) {
      uint16_t upTo = index - start + 1;
      if (upTo > showUpTo[s]) showUpTo[s] = upTo;
      return;
    }
    start += strips[s].length;
  }
}

static void markAllChanged() {
  for (uint8_t s = 0; s < stripCount; s++) showUpTo[s] = strips[s].length;
}

void pixelsSetRgb(uint16_t index, uint8_t r, uint8_t g, uint8_t b) {
  if (index >= pixelCount) return;
  uint8_t *p = px + index * 3;
  if (p[0] == r && p[1] == g && p[2] == b) return;
  p[0] = r;
  p[1] = g;
  p[2] = b;
  markChanged(index);
}

void pixelsSet(uint16_t index, uint32_t rgb) {
  pixelsSetRgb(index, (uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb);
}

void pixelsFill(uint32_t rgb) {
  for (uint16_t i = 0; i < pixelCount; i++) pixelsSet(i, rgb);
  markAllChanged();
}

void pixelsShift(uint8_t amount, bool forwards, bool wrap) {
  if (amount == 0 || amount >= pixelCount) return;
  uint16_t n = amount * 3;
  uint16_t rest = (pixelCount - amount) * 3;
  uint8_t saved[31 * 3];
  if (forwards) {
    memcpy(saved, px + rest, n);
    memmove(px + n, px, rest);
    if (wrap) memcpy(px, saved, n); else memset(px, 0, n);
  } else {
    memcpy(saved, px, n);
    memmove(px, px + n, rest);
    if (wrap) memcpy(px + rest, saved, n); else memset(px + rest, 0, n);
  }
  markAllChanged();
}

// One byte, most significant bit first. Cycle counts at 16 MHz (AVR instruction set manual):
// "0" = high 5 cycles (0.31 us), period 20; "1" = high 13 cycles (0.81 us), period 19.
// WS2812B datasheet: T0H 0.4 us +-150 ns, T1H 0.8 us +-150 ns, bit period 1.25 us +-600 ns.
static inline void sendByte(volatile uint8_t *port, uint8_t hi, uint8_t lo, uint8_t b) {
  uint8_t n;
  asm volatile(
      "ldi %[n], 8\n"
      "1:\n\t"
      "st %a[port], %[hi]\n\t"  // 2  rising edge
      "nop\n\t"                 // 1
      "nop\n\t"                 // 1
      "sbrs %[b], 7\n\t"        // 1 (2 when the bit is 1: skips the early fall)
      "st %a[port], %[lo]\n\t"  // 2  falling edge of a "0" at 5 cycles
      "lsl %[b]\n\t"            // 1
      "nop\n\t nop\n\t nop\n\t nop\n\t nop\n\t nop\n\t"  // 6
      "st %a[port], %[lo]\n\t"  // 2  falling edge of a "1" at 13 cycles
      "nop\n\t"                 // 1
      "dec %[n]\n\t"            // 1
      "brne 1b\n\t"             // 2
      : [b] "+r"(b), [n] "=&d"(n)
      : [port] "e"(port), [hi] "r"(hi), [lo] "r"(lo)
      : "memory");
}

// Byte offsets into a logical RGB pixel, in wire order.
static const uint8_t ORDER_OFFSETS[3][3] = {
    {1, 0, 2},  // GRB
    {0, 1, 2},  // RGB
    {2, 0, 1},  // BRG
};

// Writes the first `count` pixels of strip `s` (pixels from `p`).
static void sendStrip(const StripConfig &s, const uint8_t *p, uint16_t count) {
  uint8_t port = digitalPinToPort(s.pin);
  if (port == NOT_A_PIN) return;
  volatile uint8_t *out = portOutputRegister(port);
  uint8_t mask = digitalPinToBitMask(s.pin);
  const uint8_t *o = ORDER_OFFSETS[s.order < 3 ? s.order : 0];
  uint8_t o0 = o[0], o1 = o[1], o2 = o[2];
  uint8_t sreg = SREG;
  cli();
  uint8_t hi = *out | mask;
  uint8_t lo = *out & ~mask;
  for (uint16_t i = 0; i < count; i++, p += 3) {
    sendByte(out, hi, lo, p[o0]);
    // Between bytes the line is low (< 2 us, far below the 50 us latch): take a waiting byte
    // from the receiver exactly as its interrupt would. A byte lasts 20 us at 500000 baud and a
    // colour byte 10 us to send, so the two-byte receive FIFO never overruns.
    if (UCSR0A & _BV(RXC0)) Serial._rx_complete_irq();
    sendByte(out, hi, lo, p[o1]);
    if (UCSR0A & _BV(RXC0)) Serial._rx_complete_irq();
    sendByte(out, hi, lo, p[o2]);
    if (UCSR0A & _BV(RXC0)) Serial._rx_complete_irq();
  }
  SREG = sreg;
}

void pixelsShow(bool all) {
  const uint8_t *p = px;
  for (uint8_t s = 0; s < stripCount; s++) {
    uint16_t count = all ? strips[s].length : showUpTo[s];
    if (count > 0) sendStrip(strips[s], p, count);
    showUpTo[s] = 0;
    p += strips[s].length * 3;
  }
}

static uint32_t unpack28(const uint8_t *a) {
  return (uint32_t)(a[0] & 0x7F) | ((uint32_t)(a[1] & 0x7F) << 7) | ((uint32_t)(a[2] & 0x7F) << 14) | ((uint32_t)(a[3] & 0x7F) << 21);
}

// Sysex data bytes are 7-bit on the wire, but Firmata's parser stores whatever arrives between F0 and
// F7: every multi-byte field is masked to its 7 bits before use.
static uint16_t unpack14(const uint8_t *a) { return (uint16_t)(a[0] & 0x7F) | ((uint16_t)(a[1] & 0x7F) << 7); }

PixelsResult pixelsCommand(uint8_t argc, const uint8_t *argv) {
  if (argc < 1) return PIXELS_OTHER;
  switch (argv[0]) {
    case PIXEL_SHOW:
      pixelsShow(false);
      return PIXELS_SHOWN;
    case PIXEL_OFF:
      pixelsFill(0);
      break;
    case PIXEL_SET_STRIP:
      if (argc >= 5) pixelsFill(unpack28(argv + 1));
      break;
    case PIXEL_SET_PIXEL:
      if (argc >= 7) pixelsSet(unpack14(argv + 1), unpack28(argv + 3));  // index checked by pixelsSetRgb
      break;
    case PIXEL_SHIFT:
      if (argc >= 2) pixelsShift(argv[1] & 0x1F, argv[1] & 0x20, argv[1] & 0x40);
      break;
    case PIXEL_CONFIG: {
      // Three bytes a strip, nothing left over, at most MAX_STRIPS: anything else is not a layout.
      if ((argc - 1) % 3 != 0 || (argc - 1) / 3 > MAX_STRIPS) break;
      StripConfig config[MAX_STRIPS];
      uint8_t n = 0;
      for (uint8_t i = 1; i + 2 < argc; i += 3, n++) {
        config[n].pin = argv[i] & 0x1F;
        config[n].order = (argv[i] >> 5) & 0x03;
        config[n].length = unpack14(argv + i + 1);
      }
      if (pixelsConfigure(config, n)) return PIXELS_CONFIGURED;
      break;
    }
  }
  return PIXELS_OTHER;
}
