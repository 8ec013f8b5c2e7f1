#ifndef CROSSDOCK_COPENSSL_SHIM_H
#define CROSSDOCK_COPENSSL_SHIM_H
// libcrypto (libssl-dev): HMAC-SHA256 for signed webhook bodies, SHA-256 for hashed API keys, random bytes.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#endif
