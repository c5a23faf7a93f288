#ifndef CSHIMS_H
#define CSHIMS_H

// The umbrella header of CShims: every wrapper Swift needs, one header per C library.
#include "mr_tls.h"
#if __has_include("mr_editline.h")
#include "mr_editline.h"
#endif

#endif
