/*
  Neuron Kit firmware, derived from StandardFirmata (Firmata library 2.5.8, examples/StandardFirmata).

  Copyright (C) 2006-2008 Hans-Christoph Steiner.  All rights reserved.
  Copyright (C) 2010-2011 Paul Stoffregen.  All rights reserved.
  Copyright (C) 2009 Shigeru Kobayashi.  All rights reserved.
  Copyright (C) 2009-2016 Jeff Hoefs.  All rights reserved.
  Modified by the Neuron Kit authors, 2026: reduced to digital, analog, PWM and pull-ups; added
  node-pixel's PIXEL_COMMAND, the kit's KIT_COMMAND extensions (identity, frame-shown
  acknowledgements, standalone mode), input validation and the hardware watchdog.

  This library is free software; you can redistribute it and/or
  modify it under the terms of the GNU Lesser General Public
  License as published by the Free Software Foundation; either
  version 2.1 of the License, or (at your option) any later version.

  This library is distributed in the hope that it will be useful,
  but WITHOUT ANY WARRANTY; without even the implied warranty of
  MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
  Lesser General Public License for more details (firmware/COPYING.LESSER).
*/
// Neuron Kit firmware: Firmata (digital, analog, PWM, pull-ups; what johnny-five needs) plus
// node-pixel's PIXEL_COMMAND, plus the kit's extensions (KIT_COMMAND, see kit_protocol.h):
// frame-shown acknowledgements, identity, standalone mode and the hardware watchdog.
#include <Arduino.h>
#include <avr/interrupt.h>
#include <avr/sleep.h>
#include <avr/wdt.h>
#include <Firmata.h>
#include "kit_protocol.h"
#include "pixels.h"
#include "standalone.h"

// Firmata's default analog sampling interval (StandardFirmata), ms.
static const uint16_t DEFAULT_SAMPLING_MS = 19;
static const uint16_t MIN_SAMPLING_MS = 1;

static uint8_t reportPorts[TOTAL_PORTS];     // REPORT_DIGITAL enabled per port
static uint8_t inputMask[TOTAL_PORTS];       // pins of each port in INPUT or PULLUP mode
static uint8_t previousPorts[TOTAL_PORTS];   // last reported value per port
static uint16_t analogReports = 0;           // bit n: report analog channel n
static uint16_t samplingMs = DEFAULT_SAMPLING_MS;
static uint32_t lastSampleMs = 0;
static uint16_t framesShown = 0;

// A watchdog reset leaves the watchdog running with its shortest timeout (ATmega328P datasheet
// §10.9.2: WDRF overrides WDE). Turn it off before C++ constructors run, so a slow start cannot
// loop through resets; setup() arms it again.
void disableWatchdogEarly() __attribute__((naked, used, section(".init3")));
void disableWatchdogEarly() {
  MCUSR = 0;
  wdt_disable();
}

static void sendKit(uint8_t sub, uint8_t n, const uint8_t *data) {
  Firmata.write(START_SYSEX);
  Firmata.write(KIT_COMMAND);
  Firmata.write(sub);
  for (uint8_t i = 0; i < n; i++) Firmata.write(data[i] & 0x7F);
  Firmata.write(END_SYSEX);
}

static void sendKitInfo() {
  static const char name[] = KIT_FIRMWARE_NAME;
  uint8_t data[2 + sizeof name - 1];
  data[0] = KIT_VERSION_MAJOR;
  data[1] = KIT_VERSION_MINOR;
  memcpy(data + 2, name, sizeof name - 1);
  sendKit(KIT_INFO, sizeof data, data);
}

static void sendFrameShown() {
  uint8_t data[2] = {(uint8_t)(framesShown & 0x7F), (uint8_t)((framesShown >> 7) & 0x7F)};
  sendKit(KIT_FRAME_SHOWN, 2, data);
  framesShown = (framesShown + 1) & 0x3FFF;
}

static void sendState(bool standalone) {
  uint8_t data[1] = {standalone ? (uint8_t)1 : (uint8_t)0};
  sendKit(KIT_STATE, 1, data);
}

static void reportPort(uint8_t port, bool force) {
  uint8_t value = readPort(port, inputMask[port]);
  if (force || value != previousPorts[port]) {
    previousPorts[port] = value;
    Firmata.sendDigitalPort(port, value);
  }
}

// A digital input's pin-change interrupt wakes the sleeping chip (see idle()), so a press is read at
// once rather than at the next millisecond tick. The interrupt does nothing else: loop() reads the pins.
// Pins without a pin-change interrupt (some of a Mega's) are read at the next tick.
static void wakeOnChange(int pin, bool on) {
  volatile uint8_t *pcicr = digitalPinToPCICR(pin);
  if (!pcicr) return;
  volatile uint8_t *pcmsk = digitalPinToPCMSK(pin);
  if (on) {
    *pcmsk |= _BV(digitalPinToPCMSKbit(pin));
    *pcicr |= _BV(digitalPinToPCICRbit(pin));
  } else {
    *pcmsk &= ~_BV(digitalPinToPCMSKbit(pin));
  }
}

EMPTY_INTERRUPT(PCINT0_vect);
EMPTY_INTERRUPT(PCINT1_vect);
EMPTY_INTERRUPT(PCINT2_vect);

static void setInputBit(uint8_t pin, bool input) {
  uint8_t port = pin / 8, bit = 1 << (pin & 7);
  if (input) inputMask[port] |= bit; else inputMask[port] &= ~bit;
  wakeOnChange(pin, input);
}

static void reportAnalog(uint8_t channel, bool on) {
  if (channel >= TOTAL_ANALOG_PINS || channel >= 16) return;
  if (on) {
    analogReports |= 1 << channel;
    // Report at once, as StandardFirmata does, so the host has a value before the next sample.
    Firmata.sendAnalog(channel, analogRead(channel));
  } else {
    analogReports &= ~(1 << channel);
  }
}

static void onSetPinMode(uint8_t pin, int mode) {
  if (pin >= TOTAL_PINS || Firmata.getPinMode(pin) == PIN_MODE_IGNORE) return;
  if (IS_PIN_ANALOG(pin) && mode != PIN_MODE_ANALOG) reportAnalog(PIN_TO_ANALOG(pin), false);
  setInputBit(pin, false);
  switch (mode) {
    case PIN_MODE_ANALOG:
      if (!IS_PIN_ANALOG(pin)) return;
      pinMode(PIN_TO_DIGITAL(pin), INPUT);
      digitalWrite(PIN_TO_DIGITAL(pin), LOW);  // no pull-up on an analog input
      break;
    case PIN_MODE_INPUT:
      pinMode(PIN_TO_DIGITAL(pin), INPUT);
      setInputBit(pin, true);
      break;
    case PIN_MODE_PULLUP:
      pinMode(PIN_TO_DIGITAL(pin), INPUT_PULLUP);
      Firmata.setPinState(pin, 1);
      setInputBit(pin, true);
      break;
    case PIN_MODE_OUTPUT:
      pinMode(PIN_TO_DIGITAL(pin), OUTPUT);
      break;
    case PIN_MODE_PWM:
      if (!IS_PIN_PWM(pin)) return;
      pinMode(PIN_TO_PWM(pin), OUTPUT);
      analogWrite(PIN_TO_PWM(pin), 0);
      break;
    default:
      return;  // servo, I2C, serial, ...: not in this firmware
  }
  Firmata.setPinMode(pin, mode);
}

static void onAnalogWrite(uint8_t pin, int value) {
  if (pin < TOTAL_PINS && Firmata.getPinMode(pin) == PIN_MODE_PWM) {
    analogWrite(PIN_TO_PWM(pin), value);
    Firmata.setPinState(pin, value);
  }
}

static void onDigitalPort(uint8_t port, int value) {
  for (uint8_t bit = 0; bit < 8; bit++) {
    uint8_t pin = port * 8 + bit;
    if (pin >= TOTAL_PINS || !IS_PIN_DIGITAL(pin)) continue;
    uint8_t mode = Firmata.getPinMode(pin);
    uint8_t level = (value >> bit) & 1;
    if (mode == PIN_MODE_OUTPUT || mode == PIN_MODE_INPUT) {
      // Writing 1 to an input enables its pull-up (Arduino convention, kept by StandardFirmata).
      digitalWrite(PIN_TO_DIGITAL(pin), level);
      Firmata.setPinState(pin, level);
    }
  }
}

static void onSetPinValue(uint8_t pin, int value) {
  if (pin < TOTAL_PINS && IS_PIN_DIGITAL(pin) && Firmata.getPinMode(pin) == PIN_MODE_OUTPUT) {
    digitalWrite(PIN_TO_DIGITAL(pin), value ? HIGH : LOW);
    Firmata.setPinState(pin, value ? 1 : 0);
  }
}

static void onReportAnalog(uint8_t channel, int on) { reportAnalog(channel, on != 0); }

static void onReportDigital(uint8_t port, int on) {
  if (port >= TOTAL_PORTS) return;
  reportPorts[port] = on ? 1 : 0;
  if (on) reportPort(port, true);
}

static void sendCapabilities() {
  Firmata.write(START_SYSEX);
  Firmata.write(CAPABILITY_RESPONSE);
  for (uint8_t pin = 0; pin < TOTAL_PINS; pin++) {
    if (IS_PIN_DIGITAL(pin) && Firmata.getPinMode(pin) != PIN_MODE_IGNORE) {
      Firmata.write(PIN_MODE_INPUT); Firmata.write(1);
      Firmata.write(PIN_MODE_PULLUP); Firmata.write(1);
      Firmata.write(PIN_MODE_OUTPUT); Firmata.write(1);
    }
    if (IS_PIN_ANALOG(pin)) { Firmata.write(PIN_MODE_ANALOG); Firmata.write(10); }
    if (IS_PIN_PWM(pin)) { Firmata.write(PIN_MODE_PWM); Firmata.write(8); }
    Firmata.write(127);
  }
  Firmata.write(END_SYSEX);
}

static void kitCommand(uint8_t argc, uint8_t *argv) {
  if (argc < 1) return;
  switch (argv[0]) {
    case KIT_INFO:
      sendKitInfo();
      break;
    case KIT_STANDALONE:
      if (argc == 3) standaloneSetTimeout((argv[1] & 0x7F) | ((argv[2] & 0x7F) << 7));
      break;
    case KIT_AXON:
      if (argc == 7) {
        Axon axon;
        axon.first = (argv[3] & 0x7F) | ((argv[4] & 0x7F) << 7);
        axon.count = (argv[5] & 0x7F) | ((argv[6] & 0x7F) << 7);
        // A count of 0 clears the slot; anything else is checked by standaloneSetAxon.
        axon.buttonPin = axon.count == 0 ? 0xFF : argv[2];
        if (axon.count == 0) axon.first = 0;
        standaloneSetAxon(argv[1], axon);
      }
      break;
    default:
      break;  // KIT_HEARTBEAT and unknown sub-commands: hearing the host is all they do
  }
}

static void onSysex(uint8_t command, uint8_t argc, uint8_t *argv) {
  switch (command) {
    case PIXEL_COMMAND:
      switch (pixelsCommand(argc, argv)) {
        case PIXELS_SHOWN: sendFrameShown(); break;
        case PIXELS_CONFIGURED: standaloneSaveStrips(); break;
        case PIXELS_OTHER: break;
      }
      break;
    case KIT_COMMAND:
      kitCommand(argc, argv);
      break;
    case SAMPLING_INTERVAL:
      if (argc > 1) {
        samplingMs = argv[0] | (argv[1] << 7);
        if (samplingMs < MIN_SAMPLING_MS) samplingMs = MIN_SAMPLING_MS;
      }
      break;
    case EXTENDED_ANALOG:
      if (argc > 1) {
        int value = argv[1];
        if (argc > 2) value |= argv[2] << 7;
        if (argc > 3) value |= argv[3] << 14;
        onAnalogWrite(argv[0], value);
      }
      break;
    case CAPABILITY_QUERY:
      sendCapabilities();
      break;
    case PIN_STATE_QUERY:
      if (argc > 0 && argv[0] < TOTAL_PINS) {
        uint8_t pin = argv[0];
        int state = Firmata.getPinState(pin);
        Firmata.write(START_SYSEX);
        Firmata.write(PIN_STATE_RESPONSE);
        Firmata.write(pin);
        Firmata.write(Firmata.getPinMode(pin));
        Firmata.write(state & 0x7F);
        if (state & 0xFF80) Firmata.write((state >> 7) & 0x7F);
        if (state & 0xC000) Firmata.write((state >> 14) & 0x7F);
        Firmata.write(END_SYSEX);
      }
      break;
    case ANALOG_MAPPING_QUERY:
      Firmata.write(START_SYSEX);
      Firmata.write(ANALOG_MAPPING_RESPONSE);
      for (uint8_t pin = 0; pin < TOTAL_PINS; pin++) Firmata.write(IS_PIN_ANALOG(pin) ? PIN_TO_ANALOG(pin) : 127);
      Firmata.write(END_SYSEX);
      break;
  }
}

static void onSystemReset() {
  for (uint8_t p = 0; p < TOTAL_PORTS; p++) {
    reportPorts[p] = 0;
    inputMask[p] = 0;
    previousPorts[p] = 0;
  }
  analogReports = 0;
  for (uint8_t pin = 0; pin < TOTAL_PINS; pin++) {
    if (pin < 2) {
      Firmata.setPinMode(pin, PIN_MODE_IGNORE);  // D0/D1 (RX0/TX0) carry Firmata itself
    } else if (IS_PIN_ANALOG(pin)) {
      onSetPinMode(pin, PIN_MODE_ANALOG);
    } else if (IS_PIN_DIGITAL(pin)) {
      onSetPinMode(pin, PIN_MODE_OUTPUT);
    }
  }
  // Pins driving strips stay outputs (onSetPinMode above set them OUTPUT, low).
}

void setup() {
  Firmata.setFirmwareNameAndVersion(KIT_FIRMATA_NAME, FIRMATA_FIRMWARE_MAJOR_VERSION, FIRMATA_FIRMWARE_MINOR_VERSION);
  Firmata.attach(ANALOG_MESSAGE, onAnalogWrite);
  Firmata.attach(DIGITAL_MESSAGE, onDigitalPort);
  Firmata.attach(REPORT_ANALOG, onReportAnalog);
  Firmata.attach(REPORT_DIGITAL, onReportDigital);
  Firmata.attach(SET_PIN_MODE, onSetPinMode);
  Firmata.attach(SET_DIGITAL_PIN_VALUE, onSetPinValue);
  Firmata.attach(START_SYSEX, onSysex);
  Firmata.attach(SYSTEM_RESET, onSystemReset);
  onSystemReset();
  standaloneBegin();
  Serial.begin(KIT_BAUD);
  // Banner: REPORT_VERSION and REPORT_FIRMWARE (Firmata.begin), then the kit's own identity.
  Firmata.begin(Serial);
  sendKitInfo();
  // 2 s: longer than the longest show (MAX_PIXELS x 30 us) and than the old Nano bootloader's
  // start-up, short enough that a hung exhibit is back within seconds.
  wdt_enable(WDTO_2S);
}

static void idle();

void loop() {
  wdt_reset();
  uint32_t now = millis();
  while (Firmata.available()) {
    if (standaloneHostSpoke(now)) sendState(false);
    Firmata.processInput();
  }
  if (standaloneTick(now)) sendState(true);
  for (uint8_t p = 0; p < TOTAL_PORTS; p++) {
    if (reportPorts[p]) reportPort(p, false);
  }
  if (now - lastSampleMs >= samplingMs) {
    lastSampleMs = now;
    for (uint8_t ch = 0; ch < TOTAL_ANALOG_PINS && ch < 16; ch++) {
      if (analogReports & (1 << ch)) Firmata.sendAnalog(ch, analogRead(ch));
    }
  }
  idle();
}

// Nothing is left to do until the next interrupt: a digital input changing, Timer0's tick (every
// 1.024 ms), a byte arriving from the host, or the transmitter ready for the next byte out.
// Idle sleep stops only the core; timers and the USART run on and any of their interrupts wakes it
// (ATmega328P datasheet §10.1, §10.2), which cuts the board's draw and lets the emulated board skip the
// cycles a spinning loop() would burn. Checking for input and sleeping are one step: with interrupts off
// a byte cannot slip in between, and the instruction after SEI always runs before a pending interrupt,
// so SLEEP is reached and that interrupt then wakes it at once.
static void idle() {
  set_sleep_mode(SLEEP_MODE_IDLE);
  cli();
  if (!Firmata.available()) {
    sleep_enable();
    sei();
    sleep_cpu();
    sleep_disable();
  }
  sei();
}
