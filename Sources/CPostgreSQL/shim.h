#ifndef CROSSDOCK_CPOSTGRESQL_SHIM_H
#define CROSSDOCK_CPOSTGRESQL_SHIM_H

// libpq's declarations only: the agent loads libpq.so.5 with dlopen when a PostgreSQL connection first opens
// (EdgeAgent's LibPQ), so this module links nothing and needs no pkg-config flags. Debian's libpq-dev installs the
// header in /usr/include/postgresql.
#if __has_include(<libpq-fe.h>)
#include <libpq-fe.h>
#else
#include <postgresql/libpq-fe.h>
#endif

#endif
