#ifndef CROSSDOCK_CPOSTGRESQL_SHIM_H
#define CROSSDOCK_CPOSTGRESQL_SHIM_H

#include <libpq-fe.h>

#endif
