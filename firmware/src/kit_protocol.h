// Part of the Neuron Kit firmware. Copyright (C) 2026 the Neuron Kit authors.
// LGPL-2.1-or-later, as the Firmata-derived sketch it is linked with (firmware/COPYING.LESSER).
// Neuron Kit firmware: protocol constants shared by the sketch's modules.
// The host's codec (src/kitproto) mirrors these; test/kitproto/header.test.ts parses this file and compares.
#ifndef KIT_PROTOCOL_H
#define KIT_PROTOCOL_H

#include <stdint.h>

// Identity the host checks (KIT_INFO reply). Bump the minor for compatible additions, the major for
// anything a host of the previous version would misread.
#define KIT_FIRMWARE_NAME "NeuronKit"
#define KIT_VERSION_MAJOR 1
#define KIT_VERSION_MINOR 1

// Name reported to Firmata's REPORT_FIRMWARE: node-pixel refuses to drive a board under any other
// name (node-pixel lib/pixel.js), so the kit answers with it and carries its own identity in KIT_INFO.
#define KIT_FIRMATA_NAME "node_pixel_firmata.ino"

// 500000 baud is exact at 16 MHz: UBRR = 3 with U2X (ATmega328P datasheet §20.10, Table 20-7),
// and exact on the Uno's 16U2, FTDI and CH340 bridges. 20 µs per byte, 50 kB/s.
#define KIT_BAUD 500000UL

// Sysex command for the kit's extensions, from Firmata's user-defined range 0x00-0x0F
// (FirmataConstants.h: "0x00-0x0F reserved for user-defined commands").
#define KIT_COMMAND 0x0E

// Sub-commands (first data byte after KIT_COMMAND).
#define KIT_INFO 0x01         // host->board: query; board->host: [major, minor, name ASCII...]
#define KIT_FRAME_SHOWN 0x02  // board->host: [seq & 0x7F, seq >> 7] after a PIXEL_SHOW, interrupts back on
#define KIT_HEARTBEAT 0x03    // host->board: no-op that keeps the board out of standalone mode
#define KIT_STANDALONE 0x04   // host->board: [timeout/100ms & 0x7F, >> 7]; 0 = never (saved in EEPROM)
#define KIT_AXON 0x05         // host->board: [slot, button pin, first LSB, first MSB, count LSB, count MSB] (saved)
#define KIT_STATE 0x06        // board->host: [1 = entered standalone, 0 = host in control]

// node-pixel's sysex and sub-commands (node-pixel firmware/src/libs/protocol.md).
#define PIXEL_COMMAND 0x51
#define PIXEL_OFF 0x00
#define PIXEL_CONFIG 0x01
#define PIXEL_SHOW 0x02
#define PIXEL_SET_PIXEL 0x03
#define PIXEL_SET_STRIP 0x04
#define PIXEL_SHIFT 0x05

#define PIXEL_ORDER_GRB 0
#define PIXEL_ORDER_RGB 1
#define PIXEL_ORDER_BRG 2

#define MAX_STRIPS 8   // node-pixel's MAX_STRIPS
#define MAX_AXONS 8
// node-pixel's host library refuses more than 216 pixels on Firmata (lib/pixel.js MAX_PIXELS), so
// every board holds exactly that: 648 bytes of the 328P's 2 KB SRAM.
#define MAX_PIXELS 216
// PIXEL_CONFIG carries a strip's pin in 5 bits (node-pixel lib/pixel.js: (color_order << 5) | pin).
#define MAX_STRIP_PIN 31

// Host silence after which the board plays its idle animation, unless the host set another value.
#define DEFAULT_STANDALONE_AFTER_MS 3000UL

#endif
