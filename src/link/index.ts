export { LedLink, SHOW_US_PER_PIXEL } from './link.js';
export type { FrameOptions, LinkOptions, LinkStats, SentFrame } from './link.js';
export { planFrame, packWire, PIXEL_OP_BYTES, FILL_OP_BYTES, SHOW_OP_BYTES } from './plan.js';
export type { Rgb, Plan } from './plan.js';
export { pickNext, changeSize, AGE_WEIGHT_PER_MS } from './order.js';
export type { PixelState } from './order.js';
export { FrameAudit } from './audit.js';
export type { AuditCounts, FrameSource, LatchedFrame } from './audit.js';
