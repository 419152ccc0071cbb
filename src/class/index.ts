export { ClassLink, ClassLinkError, describeBroker, CLOCK_SYNC_EVERY_MS, type ClassLinkOptions, type RemoteSpike, type LinkStatus, type LinkCounters } from './link.js';
export { startBroker, MQTT_PORT, type BrokerOptions, type RunningBroker } from './broker.js';
export { bridgeToClass, kitsHeardBy, type BridgeCounters } from './bridge.js';
export { ClockOffset, deliveryTime } from './clock-offset.js';
export { parseMessage, MAX_PAYLOAD_BYTES } from './messages.js';
export { kitTopic, parseKitTopic, parseRemoteNeuron, isName, TOPIC_ROOT } from './topics.js';
