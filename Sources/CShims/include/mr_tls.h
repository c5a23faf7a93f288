#ifndef MR_TLS_H
#define MR_TLS_H

// OpenSSL's macros and type-safe stack helpers, as plain functions Swift can call. No logic here.
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/bio.h>

long mr_SSL_set_tlsext_host_name(SSL *ssl, const char *name);
long mr_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version);
long mr_SSL_CTX_set_mode(SSL_CTX *ctx, long mode);

int mr_sk_X509_num(const STACK_OF(X509) *stack);
X509 *mr_sk_X509_value(const STACK_OF(X509) *stack, int index);
int mr_sk_GENERAL_NAME_num(const GENERAL_NAMES *names);
GENERAL_NAME *mr_sk_GENERAL_NAME_value(const GENERAL_NAMES *names, int index);

void mr_BIO_set_retry_read(BIO *bio);
void mr_BIO_set_retry_write(BIO *bio);
void mr_BIO_clear_retry_flags(BIO *bio);

unsigned long mr_XN_FLAG_ONELINE(void);

#endif
