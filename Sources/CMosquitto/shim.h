#ifndef CROSSDOCK_CMOSQUITTO_SHIM_H
#define CROSSDOCK_CMOSQUITTO_SHIM_H

#include <mosquitto.h>
#include <mqtt_protocol.h>

#endif
