// Part of the Neuron Kit firmware. Copyright (C) 2026 the Neuron Kit authors.
// LGPL-2.1-or-later, as the Firmata-derived sketch it is linked with (firmware/COPYING.LESSER).
// WS2812 strips: the pixel buffer, node-pixel's commands on it, and show().
#ifndef KIT_PIXELS_H
#define KIT_PIXELS_H

#include <stdint.h>
#include "kit_protocol.h"

struct StripConfig {
  uint8_t pin;     // Arduino pin of the data line
  uint8_t order;   // PIXEL_ORDER_*
  uint16_t length; // pixels
};

// True when `pin` can carry a strip's data line on this board: a digital pin of the board other than
// the serial line's (Firmata's IS_PIN_DIGITAL), nameable in PIXEL_CONFIG's 5 bits (MAX_STRIP_PIN).
bool pixelsPinUsable(uint8_t pin);
// True when this firmware can drive the layout: 1..MAX_STRIPS strips, each on a usable pin and no pin
// twice, a known colour order, at least one pixel each and at most MAX_PIXELS in all.
bool pixelsLayoutValid(const StripConfig *strips, uint8_t count);
// True when `pin` drives one of the configured strips.
bool pixelsIsStripPin(uint8_t pin);

// Replaces the strip layout (pixels are numbered strip after strip) and clears the buffer. A layout
// that is not valid (pixelsLayoutValid) is refused and the current one kept. Returns true if applied.
bool pixelsConfigure(const StripConfig *strips, uint8_t count);
uint8_t pixelsStripCount();
const StripConfig *pixelsStrip(uint8_t i);
uint16_t pixelsCount();

// Logical colour of pixel `index` (0xRRGGBB); out-of-range indexes are ignored.
void pixelsSet(uint16_t index, uint32_t rgb);
void pixelsSetRgb(uint16_t index, uint8_t r, uint8_t g, uint8_t b);
void pixelsFill(uint32_t rgb);
// node-pixel's PIXEL_SHIFT: amount 0-31, forwards = towards higher indexes, wrap or fill with black.
void pixelsShift(uint8_t amount, bool forwards, bool wrap);

// Writes every changed strip (every strip when `all`). Interrupts are off while a strip is written,
// but the USART receiver is polled between colour bytes, so no byte from the host is lost.
void pixelsShow(bool all);

enum PixelsResult { PIXELS_OTHER, PIXELS_SHOWN, PIXELS_CONFIGURED };

// Handles a node-pixel PIXEL_COMMAND sysex (argv[0] is the sub-command). Every field is checked:
// a malformed or out-of-range message is ignored. Says whether it showed a frame or applied a layout.
PixelsResult pixelsCommand(uint8_t argc, const uint8_t *argv);

#endif
