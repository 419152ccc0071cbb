// Part of the Neuron Kit firmware. Copyright (C) 2026 the Neuron Kit authors.
// LGPL-2.1-or-later, as the Firmata-derived sketch it is linked with (firmware/COPYING.LESSER).
// Standalone mode: when the host has been silent for a while the board animates its strips by
// itself (a calm idle wave) and each configured button sends a pulse down its axon, so an exhibit
// never looks dead. The layout survives resets in EEPROM.
#ifndef KIT_STANDALONE_H
#define KIT_STANDALONE_H

#include <stdint.h>
#include "pixels.h"

struct Axon {
  uint8_t buttonPin;  // 0xFF = slot unused
  uint16_t first;     // first pixel of the axon segment
  uint16_t count;     // pixels; the pulse runs from `first` towards `first + count - 1`
};

// Loads the saved strip layout, axons and timeout. A saved layout that fails its checksum or version,
// or holds a pin or count this board cannot take, is ignored and cleared; the defaults apply.
void standaloneBegin();
// Saves what the host configured (only changed EEPROM bytes are written: 100k-cycle endurance).
void standaloneSaveStrips();
// Sets an axon slot; refused (false) for a slot >= MAX_AXONS, a button pin the board cannot take as
// an input, or pixels beyond MAX_PIXELS. A buttonPin of 0xFF clears the slot.
bool standaloneSetAxon(uint8_t slot, const Axon &axon);
void standaloneSetTimeout(uint16_t tenthsOfSecond);

// Called for every byte from the host. Returns true if this ended standalone mode.
bool standaloneHostSpoke(uint32_t nowMs);
// Called every loop. Returns true if this started standalone mode.
bool standaloneTick(uint32_t nowMs);
bool standaloneActive();

#endif
