// WS2812 strips: the pixel buffer, node-pixel's commands on it, and show().
#include <Arduino.h>
#include <string.h>
// For HardwareSerial::_rx_complete_irq(), the body of the receive interrupt, which show() calls
// between colour bytes while interrupts are off.
#include "HardwareSerial_private.h"
#include "pixels.h"

static StripConfig strips[MAX_STRIPS];
static uint8_t stripCount = 0;
static uint16_t pixelCount = 0;
static bool stripChanged[MAX_STRIPS];
// Logical colours, 3 bytes per pixel in R, G, B order; the wire order is applied by show().
static uint8_t px[MAX_PIXELS * 3];

uint16_t pixelsConfigure(const StripConfig *config, uint8_t count) {
  stripCount = 0;
  pixelCount = 0;
  for (uint8_t i = 0; i < count && i < MAX_STRIPS; i++) {
    uint16_t len = config[i].length;
    if (len > MAX_PIXELS - pixelCount) len = MAX_PIXELS - pixelCount;
    strips[stripCount] = config[i];
    strips[stripCount].length = len;
    stripChanged[stripCount] = true;
    pinMode(config[i].pin, OUTPUT);
    digitalWrite(config[i].pin, LOW);
    pixelCount += len;
    stripCount++;
  }
  memset(px, 0, sizeof px);
  return pixelCount;
}

uint8_t pixelsStripCount() { return stripCount; }
const StripConfig *pixelsStrip(uint8_t i) { return &strips[i]; }
uint16_t pixelsCount() { return pixelCount; }

static void markChanged(uint16_t index) {
  uint16_t end = 0;
  for (uint8_t s = 0; s < stripCount; s++) {
    end += strips[s].length;
    if (index < end) {
      stripChanged[s] = true;
      return;
    }
  }
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
  memset(stripChanged, true, sizeof stripChanged);
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
  memset(stripChanged, true, sizeof stripChanged);
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

static void sendStrip(const StripConfig &s, const uint8_t *p) {
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
  for (uint16_t i = 0; i < s.length; i++, p += 3) {
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
    if (all || stripChanged[s]) sendStrip(strips[s], p);
    stripChanged[s] = false;
    p += strips[s].length * 3;
  }
}

static uint32_t unpack28(const uint8_t *a) {
  return (uint32_t)a[0] | ((uint32_t)a[1] << 7) | ((uint32_t)a[2] << 14) | ((uint32_t)a[3] << 21);
}

bool pixelsCommand(uint8_t argc, const uint8_t *argv) {
  if (argc < 1) return false;
  switch (argv[0]) {
    case PIXEL_SHOW:
      pixelsShow(false);
      return true;
    case PIXEL_OFF:
      pixelsFill(0);
      break;
    case PIXEL_SET_STRIP:
      if (argc >= 5) pixelsFill(unpack28(argv + 1));
      break;
    case PIXEL_SET_PIXEL:
      if (argc >= 7) pixelsSet(argv[1] | (argv[2] << 7), unpack28(argv + 3));
      break;
    case PIXEL_SHIFT:
      if (argc >= 2) pixelsShift(argv[1] & 0x1F, argv[1] & 0x20, argv[1] & 0x40);
      break;
    case PIXEL_CONFIG: {
      StripConfig config[MAX_STRIPS];
      uint8_t n = 0;
      for (uint8_t i = 1; i + 2 < argc && n < MAX_STRIPS; i += 3, n++) {
        config[n].pin = argv[i] & 0x1F;
        config[n].order = argv[i] >> 5;
        config[n].length = argv[i + 1] | (argv[i + 2] << 7);
      }
      if (n > 0) pixelsConfigure(config, n);
      break;
    }
  }
  return false;
}
