#ifndef CROSSDOCK_CSQLITE_SHIM_H
#define CROSSDOCK_CSQLITE_SHIM_H

#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro that does not import into Swift: tell SQLite to copy bound data.
static inline sqlite3_destructor_type crossdock_sqlite_transient(void) {
    return (sqlite3_destructor_type)-1;
}

#endif
