#include "mr_tls.h"

long mr_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

long mr_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}

long mr_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

int mr_sk_X509_num(const STACK_OF(X509) *stack) {
    return sk_X509_num(stack);
}

X509 *mr_sk_X509_value(const STACK_OF(X509) *stack, int index) {
    return sk_X509_value(stack, index);
}

int mr_sk_GENERAL_NAME_num(const GENERAL_NAMES *names) {
    return sk_GENERAL_NAME_num(names);
}

GENERAL_NAME *mr_sk_GENERAL_NAME_value(const GENERAL_NAMES *names, int index) {
    return sk_GENERAL_NAME_value(names, index);
}

void mr_BIO_set_retry_read(BIO *bio) {
    BIO_set_retry_read(bio);
}

void mr_BIO_set_retry_write(BIO *bio) {
    BIO_set_retry_write(bio);
}

void mr_BIO_clear_retry_flags(BIO *bio) {
    BIO_clear_retry_flags(bio);
}

unsigned long mr_XN_FLAG_ONELINE(void) {
    return XN_FLAG_ONELINE;
}
