// Part of the Neuron Kit firmware. Copyright (C) 2026 the Neuron Kit authors.
// LGPL-2.1-or-later, as the Firmata-derived sketch it is linked with (firmware/COPYING.LESSER).
// Standalone mode: idle animation and button-driven axon pulses while no host is talking.
#include <Arduino.h>
#include <avr/eeprom.h>
// Firmata's board definitions: TOTAL_PINS and IS_PIN_DIGITAL for the board being built.
#include <Boards.h>
#include "standalone.h"

// EEPROM layout (ATmega328P: 1 KB EEPROM, datasheet §8.4): two slots of this, written in turn, so
// that a save cut short by a reset or a power cut leaves the previous complete layout to boot from.
struct SavedLayout {
  uint8_t magic[2];  // 'N', 'K'
  uint8_t version;   // LAYOUT_VERSION
  uint8_t seq;       // save sequence number: the valid slot with the newer one is the layout
  uint8_t stripCount;
  StripConfig strips[MAX_STRIPS];
  Axon axons[MAX_AXONS];
  uint16_t timeoutTenths;  // 0 = never go standalone
  uint8_t check;           // written last: a save cut short by a reset fails the check
};
// 2: contents are validated on load (version 1 images may hold a layout that crashed the board).
// 3: two slots with a sequence number.
static const uint8_t LAYOUT_VERSION = 3;
static const uint8_t LAYOUT_SLOTS = 2;
static SavedLayout layout;
// The slot being written, or holding the layout in use when no save is under way.
static uint8_t saveSlot = 0;

static uint8_t *slotAddress(uint8_t slot) { return (uint8_t *)(uintptr_t)(slot * sizeof(SavedLayout)); }
// Sequence numbers wrap: a is newer than b when it is less than half the range ahead.
static bool newer(uint8_t a, uint8_t b) { return (int8_t)(a - b) > 0; }

static bool active = false;
static uint32_t lastHostMs = 0;
static uint32_t lastFrameMs = 0;
// Idle frames every 40 ms (25 fps): smooth to the eye, and leaves the loop mostly free.
static const uint8_t FRAME_MS = 40;
// A pulse advances one pixel per frame: 25 px/s, a speed a visitor can follow.
static const uint8_t PULSE_TAIL = 4;
static int16_t pulsePos[MAX_AXONS];  // head pixel along the axon, -1 = no pulse
static uint8_t lastLevel[MAX_AXONS];

static uint8_t checksum(const SavedLayout &l) {
  const uint8_t *p = (const uint8_t *)&l;
  uint8_t sum = 0x5A;
  for (uint8_t i = 0; i < sizeof l - 1; i++) sum = (uint8_t)((sum << 1) | (sum >> 7)) ^ p[i];
  return sum;
}

// Index of the next layout byte to compare with EEPROM; sizeof layout = saved.
static uint8_t saveCursor = sizeof(SavedLayout);

// Marks the layout for saving. The bytes are written by saveStep(), one per loop: an EEPROM byte
// takes 3.4 ms to write (datasheet §8.6.2, Table 8-2), and waiting for ~80 of them would stall the
// serial line for a quarter of a second.
static void saveLayout() {
  // A new save goes to the other slot, so the slot in use stays whole until this one is; a save that
  // replaces one still under way rewrites the same slot, which is incomplete anyway.
  if (saveCursor >= sizeof(SavedLayout)) {
    saveSlot ^= 1;
    layout.seq++;
  }
  layout.magic[0] = 'N';
  layout.magic[1] = 'K';
  layout.version = LAYOUT_VERSION;
  layout.check = checksum(layout);
  saveCursor = 0;
}

// Writes the next changed byte if the EEPROM is idle; never waits. Unchanged bytes are skipped,
// which also spares the EEPROM's 100 000 write cycles.
static void saveStep() {
  const uint8_t *bytes = (const uint8_t *)&layout;
  while (saveCursor < sizeof layout && eeprom_is_ready()) {
    uint8_t *addr = slotAddress(saveSlot) + saveCursor;
    uint8_t value = bytes[saveCursor++];
    if (eeprom_read_byte(addr) != value) {
      eeprom_write_byte(addr, value);  // returns at once: the EEPROM was ready
      return;
    }
  }
}

// A button pin for standalone mode: a digital input of this board other than the serial line's.
static bool buttonPinUsable(uint8_t pin) { return pin < TOTAL_PINS && IS_PIN_DIGITAL(pin) && pin >= 2; }

static bool axonValid(const Axon &a) {
  if (a.buttonPin == 0xFF) return true;  // unused slot
  return buttonPinUsable(a.buttonPin) && a.first < MAX_PIXELS && a.count <= MAX_PIXELS - a.first;
}

// Everything a saved layout holds is checked again, not only its checksum: a layout saved by an older
// firmware, or one that passed the checksum by chance, must not drive a pin this board does not have.
static bool layoutValid(const SavedLayout &l) {
  if (l.magic[0] != 'N' || l.magic[1] != 'K' || l.version != LAYOUT_VERSION || l.check != checksum(l)) return false;
  if (l.stripCount > MAX_STRIPS) return false;
  if (l.stripCount > 0 && !pixelsLayoutValid(l.strips, l.stripCount)) return false;
  for (uint8_t i = 0; i < MAX_AXONS; i++) {
    if (!axonValid(l.axons[i])) return false;
  }
  return true;
}

static void defaultLayout() {
  memset(&layout, 0, sizeof layout);
  for (uint8_t i = 0; i < MAX_AXONS; i++) layout.axons[i].buttonPin = 0xFF;
  layout.timeoutTenths = DEFAULT_STANDALONE_AFTER_MS / 100;
}

void standaloneBegin() {
  bool found = false;
  int8_t badSlot = -1;
  for (uint8_t slot = 0; slot < LAYOUT_SLOTS; slot++) {
    SavedLayout saved;
    eeprom_read_block(&saved, slotAddress(slot), sizeof saved);
    if (layoutValid(saved)) {
      if (!found || newer(saved.seq, layout.seq)) {
        layout = saved;
        saveSlot = slot;
        found = true;
      }
    } else if (saved.magic[0] != 0xFF || saved.magic[1] != 0xFF) {  // not erased EEPROM: something bad
      badSlot = slot;
    }
  }
  if (!found) {
    defaultLayout();
    // Ignore a bad layout, and clear it: the empty layout replaces it (a byte per loop, saveStep).
    if (badSlot >= 0) {
      saveSlot = badSlot ^ 1;  // saveLayout() moves on to the other slot: the bad one
      saveLayout();
    }
  }
  // A bad slot beside a good one is simply the next one written.
  if (layout.stripCount > 0) pixelsConfigure(layout.strips, layout.stripCount);
  for (uint8_t i = 0; i < MAX_AXONS; i++) pulsePos[i] = -1;
}

void standaloneSaveStrips() {
  uint8_t n = pixelsStripCount();
  layout.stripCount = n;
  for (uint8_t i = 0; i < n; i++) layout.strips[i] = *pixelsStrip(i);
  saveLayout();
}

bool standaloneSetAxon(uint8_t slot, const Axon &axon) {
  if (slot >= MAX_AXONS || !axonValid(axon)) return false;
  layout.axons[slot] = axon;
  saveLayout();
  return true;
}

void standaloneSetTimeout(uint16_t tenths) {
  layout.timeoutTenths = tenths;
  saveLayout();
}

bool standaloneActive() { return active; }

bool standaloneHostSpoke(uint32_t nowMs) {
  lastHostMs = nowMs;
  if (!active) return false;
  active = false;
  pixelsFill(0);
  pixelsShow(true);
  return true;
}

static void enter(uint32_t nowMs) {
  active = true;
  lastFrameMs = nowMs - FRAME_MS;
  for (uint8_t i = 0; i < MAX_AXONS; i++) {
    pulsePos[i] = -1;
    lastLevel[i] = HIGH;
    uint8_t pin = layout.axons[i].buttonPin;
    // Never a pull-up on a strip's data line (the layout may have changed since the axon was set).
    if (pin != 0xFF && layout.axons[i].count > 0 && !pixelsIsStripPin(pin)) pinMode(pin, INPUT_PULLUP);
  }
}

// Triangle wave 0..127..0 over 256 phase steps: no float and no sine table in flash.
static uint8_t triangle(uint8_t phase) { return phase < 128 ? phase : 255 - phase; }

static void drawFrame(uint32_t nowMs) {
  uint16_t n = pixelsCount();
  // A slow wave (period ~10 s, wavelength 32 px) in dim blue-teal: calm, and at most ~8% of full
  // current per channel, so it stays far inside any strip's power budget.
  uint8_t t = (uint8_t)(nowMs / 40);
  for (uint16_t i = 0; i < n; i++) {
    uint8_t level = 3 + (triangle(t + (uint8_t)(i * 8)) >> 3);  // 3..18
    pixelsSetRgb(i, 0, level >> 1, level);
  }
  for (uint8_t a = 0; a < MAX_AXONS; a++) {
    const Axon &axon = layout.axons[a];
    if (axon.buttonPin == 0xFF || axon.count == 0 || pixelsIsStripPin(axon.buttonPin)) continue;
    uint8_t level = digitalRead(axon.buttonPin);
    // A press (falling edge; the pin is pulled up) starts a pulse. Sampled every 40 ms, so
    // contact bounce (< 10 ms typical) cannot start two.
    if (level == LOW && lastLevel[a] == HIGH && pulsePos[a] < 0) pulsePos[a] = 0;
    lastLevel[a] = level;
    if (pulsePos[a] < 0) continue;
    for (uint8_t k = 0; k < PULSE_TAIL; k++) {
      int16_t pos = pulsePos[a] - k;
      if (pos < 0 || pos >= (int16_t)axon.count) continue;
      uint8_t v = 200 >> k;  // bright warm head, fading tail
      pixelsSetRgb(axon.first + pos, v, v >> 1, v >> 3);
    }
    if (++pulsePos[a] >= (int16_t)(axon.count + PULSE_TAIL)) pulsePos[a] = -1;
  }
  pixelsShow(false);
}

bool standaloneTick(uint32_t nowMs) {
  saveStep();
  bool entered = false;
  if (!active) {
    if (layout.timeoutTenths == 0 || pixelsCount() == 0) return false;
    if (nowMs - lastHostMs < (uint32_t)layout.timeoutTenths * 100) return false;
    enter(nowMs);
    entered = true;
  }
  if (nowMs - lastFrameMs >= FRAME_MS) {
    lastFrameMs = nowMs;
    drawFrame(nowMs);
  }
  return entered;
}
