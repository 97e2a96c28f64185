/* SHA-256 of in-memory data; evidence files are hashed by evidence_file.c while they are read. */
#include "digest.h"

#include <openssl/evp.h>

int ck_sha256_hex(const void *data, size_t len, char *out, size_t hex_len)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    if (hex_len > 64 || EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL) != 1)
        return -1;
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < hex_len; i++)
        out[i] = hex[(md[i / 2] >> (i % 2 ? 0 : 4)) & 0xF];
    out[hex_len] = '\0';
    return 0;
}

int ck_sha256_base64(const void *data, size_t len, char out[45])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    if (EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL) != 1 || md_len != 32)
        return -1;
    return EVP_EncodeBlock((unsigned char *)out, md, 32) == 44 ? 0 : -1;
}
