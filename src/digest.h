/* SHA-256 of small in-memory data (fingerprints), through OpenSSL's libcrypto. */
#ifndef CK_DIGEST_H
#define CK_DIGEST_H

#include <stddef.h>

/* Lower-case hex of the SHA-256 of data, truncated to hex_len (<= 64) characters. 0, or -1 on failure. */
int ck_sha256_hex(const void *data, size_t len, char *out, size_t hex_len);

/* Standard base64 of the SHA-256 of data (44 characters and a NUL), as a Content-Security-Policy
 * hash source wants it. 0, or -1 on failure. */
int ck_sha256_base64(const void *data, size_t len, char out[45]);

#endif
